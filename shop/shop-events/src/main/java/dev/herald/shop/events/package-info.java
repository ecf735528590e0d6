/**
 * The shop's vocabulary: the events each service publishes (facts, past tense) and the commands the
 * fulfilment saga sends (imperative), grouped by area, plus the {@link
 * dev.herald.shop.events.Catalog} of what the shop sells.
 *
 * <p>Every type is named {@code shop.<area>.<event>}. Facts go to the area's topic ({@code
 * shop.order}, {@code shop.stock}, …); commands go to {@code shop.<area>.commands}, so that a
 * service reading another area's facts never has to skip its commands. Everything about one order
 * is keyed by its order id, so it stays in order on every topic; stock levels are keyed by SKU.
 * Money is always a {@code long} count of cents.
 */
package dev.herald.shop.events;
