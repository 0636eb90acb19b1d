import { Logger } from '@aws-lambda-powertools/logger';

/** The structured JSON logger of the core and of every adapter over it (the functions, the HTTPS endpoint, the worker). Recipient addresses reach it only through `maskAddress`. */
const logger = new Logger({ serviceName: 'ses-bounce-guard' });

export { logger };
