export { BadReviewRequest, plansByKind, reviewResponse, type Review } from "./conversion-review.js";
export { selfSignedCertificate, type ServingCertificate } from "./certificate.js";
export { type RunningWebhook, startWebhook, type WebhookOptions } from "./server.js";
export { loadConversionPlans } from "./plans.js";
export { convertThroughWebhook, type WebhookClientOptions, WebhookConversionError } from "./client.js";
