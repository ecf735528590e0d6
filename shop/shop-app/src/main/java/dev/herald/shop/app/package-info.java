/**
 * The whole shop in one process ({@link dev.herald.shop.app.ShopApp}), a seeded {@link
 * dev.herald.shop.app.LoadGenerator}, and the {@link dev.herald.shop.app.Invariants} a finished run
 * must keep, reported as one JSON object.
 */
package dev.herald.shop.app;
