import { Logger } from '@aws-lambda-powertools/logger';

/** The function's structured JSON logger. Recipient addresses reach it only through `maskAddress`. */
const logger = new Logger({ serviceName: 'ses-bounce-guard' });

export { logger };
