import { UsageError } from './errors';

/**
 * What the CLI supplies for an endpoint on this machine: DynamoDB Local and local stand-ins accept
 * any credentials and need no AWS account, so an operator trying the CLI against `npm start`'s
 * table needs no profile or region. They are fixed, not taken from the environment, because
 * DynamoDB Local (without `-sharedDb`) keeps one database per access key and region: these are the
 * ones the project's local run and tests create their tables with.
 */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const LOCAL_REGION = 'us-east-1';

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

export { LOCAL_CREDENTIALS, LOCAL_REGION, endpointUrl, isLoopback };
