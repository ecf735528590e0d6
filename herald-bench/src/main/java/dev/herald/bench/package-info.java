/** End-to-end benchmarks: Herald against a named baseline, in one run, interleaved. */
package dev.herald.bench;
