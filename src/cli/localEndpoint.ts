import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { UsageError } from './errors';

/**
 * What the CLI falls back to for an endpoint on this machine when the SDK's standard chain finds
 * no credentials (no profile, no environment variables): DynamoDB Local and local stand-ins accept
 * any. They are only a fallback: DynamoDB Local without `-sharedDb` keeps one database per access
 * key and region, so the CLI must use the same credentials as the service it sits beside, or it
 * would see another table (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html).
 */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const LOCAL_REGION = 'us-east-1';

/**
 * The SDK's standard credential chain (environment, profile, SSO, container, instance metadata:
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html),
 * and {@link LOCAL_CREDENTIALS} only when the chain finds none.
 */
function chainThenLocal(): CredentialProvider {
  const chain = defaultProvider();
  let resolved: ReturnType<CredentialProvider> | undefined;
  return () => (resolved ??= chain().catch(() => ({ ...LOCAL_CREDENTIALS })));
}

/** The region of the SDK's standard chain (`AWS_REGION`, profile), or {@link LOCAL_REGION} when it has none. */
function regionThenLocal(): () => Promise<string> {
  let resolved: Promise<string> | undefined;
  return () =>
    (resolved ??= (async () => {
      try {
        return await new DynamoDBClient({}).config.region();
      } catch {
        return LOCAL_REGION;
      }
    })());
}

type CredentialProvider = ReturnType<typeof defaultProvider>;

/**
 * An endpoint option as a URL: `http(s)://host[:port]`, or a usage error naming the option.
 *
 * @example
 * endpointUrl('http://localhost:8000', '--endpoint', 'list'); // URL
 * endpointUrl('notaurl', '--endpoint', 'list'); // throws UsageError
 */
function endpointUrl(value: string, option: string, command: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new UsageError(`${option} must be an http(s) URL such as http://localhost:8000 (got ${JSON.stringify(value)})`, command);
  }
  return url;
}

/** Whether a URL points at this machine (`localhost`, `127.x.x.x`, `::1`). */
function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export { chainThenLocal, endpointUrl, isLoopback, LOCAL_CREDENTIALS, LOCAL_REGION, regionThenLocal };
