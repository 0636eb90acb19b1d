import { userInfo } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UsageError } from './errors';
import { endpointUrl, isLoopback, LOCAL_CREDENTIALS, LOCAL_REGION } from './localEndpoint';
import type { CliIo, CommandContext, OptionValues } from './types';

/** The environment variable naming the table when `--table` is not given. */
const TABLE_ENV = 'SUPPRESSION_TABLE';

/** Client settings for an endpoint option: a loopback endpoint brings its own credentials and region. */
function clientSettings(region: string | undefined, endpoint: URL | undefined): { region?: string; endpoint?: string; credentials?: typeof LOCAL_CREDENTIALS } {
  const local = endpoint !== undefined && isLoopback(endpoint);
  const chosenRegion = region ?? (local ? LOCAL_REGION : undefined);
  return {
    ...(chosenRegion === undefined ? {} : { region: chosenRegion }),
    ...(endpoint === undefined ? {} : { endpoint: endpoint.href.replace(/\/$/, '') }),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  };
}

/**
 * Builds a command's context from its parsed options. Endpoint options are checked here (a usage
 * error, before anything runs); clients are made lazily, so that `--help` and usage errors never
 * touch AWS configuration.
 */
function createContext(command: string, io: CliIo, values: OptionValues, positionals: readonly string[]): CommandContext {
  const region = typeof values.region === 'string' ? values.region : undefined;
  const endpoint = typeof values.endpoint === 'string' ? endpointUrl(values.endpoint, '--endpoint', command) : undefined;
  const sesEndpoint = typeof values['ses-endpoint'] === 'string' ? endpointUrl(values['ses-endpoint'], '--ses-endpoint', command) : undefined;
  let dynamo: DynamoDBDocumentClient | undefined;
  let ses: SESv2Client | undefined;
  const tableName = (): string => {
    const name = typeof values.table === 'string' ? values.table : io.env[TABLE_ENV];
    if (name === undefined || name.trim() === '') throw new UsageError(`no table: pass --table <name> or set ${TABLE_ENV}`, command);
    return name;
  };
  return {
    io,
    json: values.json === true,
    values,
    positionals,
    tableName,
    dynamo: () => (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient(clientSettings(region, endpoint)))),
    ses: () => (ses ??= new SESv2Client(clientSettings(region, sesEndpoint))),
    actor: () => {
      if (typeof values.actor === 'string' && values.actor.trim() !== '') return values.actor.trim();
      try {
        return userInfo().username;
      } catch {
        return io.env.USER ?? 'unknown';
      }
    },
    describeTarget: () =>
      `table "${tableName()}"${region === undefined ? '' : ` in ${region}`}${endpoint === undefined ? '' : ` at ${endpoint.href.replace(/\/$/, '')}`}`,
  };
}

export { clientSettings, createContext, TABLE_ENV };
