// PagerDuty (v3 webhooks): `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>[,v1=…]`, one entry per
// active secret (rotation), keyed with the subscription's secret as text. Event: `/event/id`,
// `/event/event_type`, `/event/occurred_at`, subject `/event/data/id`. No timestamp is signed.
// Vectors: the test vector of PagerDuty's own Go client (go-pagerduty webhookv3_test.go, checked there by
// webhookv3.VerifySignature), and Node crypto per https://developer.pagerduty.com/docs/webhooks/
// verifying-signatures for the other cases.
import { createHmac } from 'node:crypto';
import { standardCases } from '../lib/kit.mjs';

const GO_TEST = 'https://github.com/PagerDuty/go-pagerduty/blob/main/webhookv3/webhookv3_test.go (TestVerifySignature "valid"; checked by webhookv3.VerifySignature)';
const DOC = 'https://developer.pagerduty.com/docs/webhooks/verifying-signatures';
const GO_SECRET = 'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK';
const GO_BODY = '{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2021-04-26T17:36:27.458Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road","service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH","summary":"API Service","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G","id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],"escalation_policy":{"html_url":"https://acme.pagerduty.com/escalation_policies/PUS0KTE","id":"PUS0KTE","self":"https://api.pagerduty.com/escalation_policies/PUS0KTE","summary":"Default","type":"escalation_policy_reference"},"teams":[{"html_url":"https://acme.pagerduty.com/teams/PFCVPS0","id":"PFCVPS0","self":"https://api.pagerduty.com/teams/PFCVPS0","summary":"Engineering","type":"team_reference"}],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities","id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P1","type":"priority_reference"},"urgency":"high","conference_bridge":{"conference_number":1000,"conference_url":"https://example.com"},"resolve_reason":null}}}';

export default async function pagerduty(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, add } = ctx;
  add('pagerduty', { description: 'valid: the go-pagerduty test vector (incident.priority_updated)', producer: GO_TEST, secrets: [GO_SECRET], headers: { 'X-PagerDuty-Signature': 'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd', 'Content-Type': 'application/json' }, body: GO_BODY, expected: 'verified', eventId: '01BWDWL3NYY7LUFPZCC28QUCMK', eventType: 'incident.priority_updated',
    proof: { kind: 'sdk_test_vector', source: GO_TEST, proves: 'the signature rule: v1= hex HMAC-SHA256 of the raw body' } });
  add('pagerduty', { description: 'the go-pagerduty "mismatch" test vector', producer: GO_TEST, secrets: [GO_SECRET], headers: { 'X-PagerDuty-Signature': 'v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5' }, body: GO_BODY, expected: 'invalid_signature' });
  const S = 'sluice-vectors-pagerduty-subscription-secret';
  const WRONG = 'not-the-pagerduty-subscription-secret';
  const sig = (secret, body) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const sign = async (secret, body) => ({ 'X-PagerDuty-Signature': sig(secret, body), 'Content-Type': 'application/json; charset=utf-8', 'X-Webhook-Id': 'PSLUICEWEBHOOK1', 'X-Webhook-Subscription': 'PSLUICESUB01' });
  const event = (id, type, data) => JSON.stringify({ event: { id, event_type: type, resource_type: 'incident', occurred_at: '2026-11-23T11:59:57.458Z', agent: null, client: null, data } });
  const bodies = [
    ['an incident.triggered event', event('01SLUICEVECTORS00000000001', 'incident.triggered', { id: 'Q1SLUICE01', type: 'incident', number: 7, status: 'triggered', title: 'Disk almost full', urgency: 'high' }), '01SLUICEVECTORS00000000001', 'incident.triggered'],
    ['non-ASCII UTF-8 in the body', event('01SLUICEVECTORS00000000002', 'incident.annotated', { incident: { id: 'Q1SLUICE01' }, content: NON_ASCII_TEXT, type: 'incident_note' }), '01SLUICEVECTORS00000000002', 'incident.annotated'],
    ['a large (128 KiB) body', largeJson({ event: { id: '01SLUICEVECTORS00000000003', event_type: 'incident.resolved', occurred_at: '2026-11-23T11:59:57Z', data: { id: 'Q1SLUICE01' } } }, LARGE), '01SLUICEVECTORS00000000003', 'incident.resolved'],
  ];
  await standardCases(ctx, {
    scheme: 'pagerduty', producer: `node-crypto per ${DOC}`, secret: S, wrong: WRONG, bodies, deliver: sign,
    tamper: (b) => b.replace('Disk almost full', 'All good'),
  });
  const body = bodies[0][1];
  add('pagerduty', { description: 'two v1 signatures (secret rotation: old, then the configured one)', producer: `node-crypto per ${DOC}`, secrets: [S], headers: { 'X-PagerDuty-Signature': `${sig(WRONG, body)},${sig(S, body)}` }, body, expected: 'verified', eventId: bodies[0][2], eventType: bodies[0][3] });
}
