import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

/** The logical id CloudFormation gets for a construct's resource (an L2's default child, or an L1). */
function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** `{ 'Fn::GetAtt': [id, attribute] }` for a construct's resource. */
function getAtt(construct: IConstruct, attribute: string): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [logicalIdOf(construct), attribute] };
}

/** `{ Ref: id }` for a construct's resource. */
function ref(construct: IConstruct): { Ref: string } {
  return { Ref: logicalIdOf(construct) };
}

/**
 * A string-valued template property rendered as text: a plain string as is, an `Fn::Join` joined
 * with each token written as `<logicalId>` (`Ref`) or `<logicalId.Attribute>` (`Fn::GetAtt`), so that
 * JSON built by CDK around tokens (a dashboard body) can be parsed and inspected.
 */
function renderJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (token.Ref !== undefined) return `<${token.Ref}>`;
      if (token['Fn::GetAtt'] !== undefined) return `<${token['Fn::GetAtt'].join('.')}>`;
      return '<token>';
    })
    .join(separator);
}

/**
 * The properties of every custom resource of one type in a template (the package's own provider's
 * types, src/customResources/resourceTypes.ts), without their ServiceToken.
 */
function guardResources(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map(({ Properties: { ServiceToken: _token, ...properties } }) => properties as Record<string, unknown>);
}

export { getAtt, guardResources, logicalIdOf, ref, renderJoin };
