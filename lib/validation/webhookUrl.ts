/**
 * What is wrong with a webhook URL, or `undefined` when nothing is: it must be an absolute
 * `https://` URL (API destinations call HTTPS endpoints only,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html) and carry no
 * credentials (the webhook authenticates with its secret header, and a URL is not secret).
 */
function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `webhookUrl must be an https:// URL; got ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'https:') return `webhookUrl must be an https:// URL; got ${JSON.stringify(url)}`;
  if (parsed.username !== '' || parsed.password !== '') return 'webhookUrl must not carry credentials: the webhook authenticates with its secret header';
  return undefined;
}

export { webhookUrlProblem };
