/**
 * The shop's notifications: one message per customer per step of an order, written to an
 * append-only {@code notifications.log} a user can read, sent once per step even under redelivery.
 * Run it with {@link dev.herald.shop.notifications.NotificationsService}.
 */
package dev.herald.shop.notifications;
