export { fitGbm, gbmPredict, gbmRaw, gbmContributions, DEFAULT_GBM_PARAMS, type GbmModel, type GbmParams } from './model.ts';
export { fitBinEdges, binMatrix, binOf, MAX_BINS } from './bins.ts';
export type { Tree } from './tree.ts';
