import { type CfnElement, Stack } from 'aws-cdk-lib';
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

export { getAtt, logicalIdOf, ref };
