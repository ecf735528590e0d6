/**
 * The shop's live figures (orders per minute, revenue, conversion, top SKUs), a projection of the
 * bus's events. Run it with {@link dev.herald.shop.analytics.AnalyticsService} and read {@link
 * dev.herald.shop.analytics.Figures} at any time.
 */
package dev.herald.shop.analytics;
