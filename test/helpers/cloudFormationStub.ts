import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { closeServer } from './loopbackServer';

/**
 * A loopback HTTP server speaking CloudFormation's AWS query protocol (what
 * `@aws-sdk/client-cloudformation` v3 uses: a form-encoded POST with `Action=...`, answered in XML)
 * for DescribeStacks. An unknown stack gets the ValidationError CloudFormation answers with.
 */
interface CloudFormationStub {
  readonly endpoint: string;
  /** The decoded form bodies received, in order. */
  readonly requests: readonly Record<string, string>[];
  /** Sets a stack's outputs (a new stack when unknown). */
  setStack(name: string, outputs: Record<string, string>): void;
  close(): Promise<void>;
}

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

async function startCloudFormationStub(): Promise<CloudFormationStub> {
  const requests: Record<string, string>[] = [];
  const stacks = new Map<string, Record<string, string>>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push(form);
      if (form.Action !== 'DescribeStacks') {
        sendError(res, 'InvalidAction', `stub does not answer ${form.Action}`);
        return;
      }
      const name = form.StackName ?? '';
      const outputs = stacks.get(name);
      if (outputs === undefined) {
        sendError(res, 'ValidationError', `Stack with id ${name} does not exist`);
        return;
      }
      const members = Object.entries(outputs)
        .map(([key, value]) => `<member><OutputKey>${escapeXml(key)}</OutputKey><OutputValue>${escapeXml(value)}</OutputValue></member>`)
        .join('');
      sendXml(
        res,
        200,
        `<DescribeStacksResponse xmlns="${XMLNS}"><DescribeStacksResult><Stacks><member>` +
          `<StackName>${escapeXml(name)}</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/${escapeXml(name)}/stub</StackId>` +
          `<CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>` +
          `<Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult>` +
          `<ResponseMetadata><RequestId>stub-request</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('stub has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    setStack: (name, outputs) => {
      stacks.set(name, { ...outputs });
    },
    close: () => closeServer(server),
  };
}

function sendError(res: ServerResponse, code: string, message: string): void {
  sendXml(
    res,
    400,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>`,
  );
}

function sendXml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export type { CloudFormationStub };
export { startCloudFormationStub };
