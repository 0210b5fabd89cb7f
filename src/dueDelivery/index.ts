// Durable deliveries' door: the loop that sends what a table says is due (the peer outbox in
// src/peers, webhook deliveries in src/server). Imports no domain.
export { DueDeliveryLoop, type DueDeliveryOptions } from "./dueDeliveryLoop";
