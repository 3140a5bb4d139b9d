import type { Scenario } from '../scenario';
import { chargeback } from './chargeback';
import { duplicateSubmit } from './duplicateSubmit';
import { escrowRelease } from './escrowRelease';
import { providerOutage } from './providerOutage';
import { settlementMismatch } from './settlementMismatch';
import { tokenAudit } from './tokenAudit';

/** The six demo scenarios, in the order `npm run demo` runs them. */
export const SCENARIOS: readonly Scenario[] = [duplicateSubmit, providerOutage, settlementMismatch, tokenAudit, chargeback, escrowRelease];
