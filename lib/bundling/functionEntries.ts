/**
 * The functions this package deploys, by asset name: the source entry (relative to the package
 * root, exporting `handler`) that `npm run build` bundles into `dist/assets/<name>/index.js`.
 */
const FUNCTION_ENTRIES = {
  'bounce-handler': 'lambda/bounceHandler/index.ts',
  'change-events': 'lambda/changeEvents/index.ts',
  'custom-resources': 'lambda/customResources/index.ts',
} as const;
type FunctionName = keyof typeof FUNCTION_ENTRIES;

export type { FunctionName };
export { FUNCTION_ENTRIES };
