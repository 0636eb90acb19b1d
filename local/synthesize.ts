import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedSynth, synthCacheKey } from './synthCache';

const ROOT = join(__dirname, '..');

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties of any resource type, read by known paths only
type Resource = { Type: string; Properties: Record<string, any> };
type Template = { Resources: Record<string, Resource> };

/** What a local run takes from the synthesized stack, so that it cannot drift from what deploys. */
interface SynthesizedStack {
  /** The table's key schema, attribute definitions and billing mode, as CloudFormation has them. */
  readonly table: {
    readonly KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    readonly AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
    readonly BillingMode?: string;
    /** The stream application events read, in the API's form (CloudFormation leaves `StreamEnabled` implicit). */
    readonly StreamSpecification?: { StreamEnabled: true; StreamViewType: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' };
  };
  /** The handler's bundle (`index.js` of its asset): the file `cdk deploy` uploads. */
  readonly bundle: string;
  /** The names of the environment variables the stack gives the handler. */
  readonly environmentNames: readonly string[];
}

/**
 * Runs `bin/app.ts` as `cdk synth` does (CDK_OUTDIR, CDK_CONTEXT_JSON from cdk.json), with no
 * AWS account and no Docker: the handler is bundled locally by esbuild.
 */
async function synthesize(outdir: string, context: Record<string, unknown> = {}): Promise<SynthesizedStack> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tsx, ['bin/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }), CDK_DOCKER: join(outdir, 'no-docker') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cdk synth failed (exit ${code}):\n${text}`))));
  });
  return readSynthesized(outdir);
}

/** Where `npm start` keeps its synthesized assemblies between runs (beside the installed packages, which `npm ci` resets). */
const SYNTH_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'ses-bounce-guard-start');

/**
 * {@link synthesize}, reused: the assembly of an earlier run is read again when nothing that
 * affects the synth changed (the key hashes lib/, lambda/, src/, bin/, cdk.json, package-lock.json
 * and the context; see synthCache.ts). `reused` says which happened.
 */
async function synthesizeCached(
  context: Record<string, unknown> = {},
  cacheDir: string = SYNTH_CACHE_DIR,
): Promise<SynthesizedStack & { readonly reused: boolean; readonly outdir: string }> {
  const { outdir, reused } = await cachedSynth(cacheDir, synthCacheKey(ROOT, context), async (dir) => {
    await synthesize(dir, context);
  });
  return { ...readSynthesized(outdir), reused, outdir };
}

/** Reads the table definition and the handler bundle out of a synthesized cloud assembly. */
function readSynthesized(outdir: string): SynthesizedStack {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const stack = Object.values(manifest.artifacts).find((artifact) => artifact.type === 'aws:cloudformation:stack');
  if (stack?.properties?.templateFile === undefined) throw new Error(`no stack in ${outdir}`);
  const template = JSON.parse(readFileSync(join(outdir, stack.properties.templateFile), 'utf8')) as Template;
  const resources = Object.values(template.Resources);
  const table = resources.find((resource) => resource.Type === 'AWS::DynamoDB::Table');
  const handler = resources.find(
    (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Environment?.Variables?.TABLE_NAME !== undefined,
  );
  if (table === undefined || handler === undefined) throw new Error('the synthesized stack has no suppression table or no handler');
  const { KeySchema, AttributeDefinitions, BillingMode, StreamSpecification } = table.Properties;
  const assetHash = String(handler.Properties.Code.S3Key).replace(/\.zip$/, '');
  return {
    table: {
      KeySchema,
      AttributeDefinitions,
      BillingMode,
      ...(StreamSpecification === undefined ? {} : { StreamSpecification: { StreamEnabled: true, StreamViewType: StreamSpecification.StreamViewType } }),
    },
    bundle: join(outdir, `asset.${assetHash}`, 'index.js'),
    environmentNames: Object.keys(handler.Properties.Environment.Variables as object),
  };
}

export type { SynthesizedStack };
export { readSynthesized, SYNTH_CACHE_DIR, synthesize, synthesizeCached };
