/** Metrics for operators (`GET /metrics`): the registry and the wrappers that feed it. */
export { createBotMetrics, SURFACES, type AnswerKind, type BotMetrics, type MetricsSources, type Surface } from './metrics.js';
export { answerKind, countingStoreErrors, timedSearch } from './instrument.js';
