// Peers door: the other province's node — service tokens (RFC 8693 act), the forwarding client
// (timeout, circuit breaker, receipts) and the resolver wrapping that fans out and merges.
export { mintServiceToken, mintNodeToken, createServiceTokenVerifier, SERVICE_TOKEN_TTL_SECONDS, type ServiceTokenVerifier, type ForwardedCaller } from "./serviceToken";
export { PeerClient, PeerUnavailable, type PeerAnswer, type ReceiptClaims } from "./peerClient";
export { askPeer, type PeerReply } from "./peerAsk";
export { peerLinkOver } from "./peerLink";
export { forwardAcrossRegions, regionOfId } from "./peerForwarding";
export { peerFieldLinkOver } from "./peerFieldLink";
export { peerStage, releasedFieldsHash, type PeerSlot, type PeerStageReads } from "./peerPlugins";
export { startPeerStatisticsExchange, PEER_STATISTICS_PATH, statisticsScope, type PeerStatisticsExchange } from "./peerStatisticsExchange";
export { startPeerOutbox, type PeerOutboxLoop, type PeerOutboxEvents } from "./peerOutbox";
export { PEER_EXCHANGE_PATH, exchangeScope, outboxMessageSchema, type OutboxMessage } from "./peerExchangeProtocol";
