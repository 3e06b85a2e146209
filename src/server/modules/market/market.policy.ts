// Who explores markets for a package: the consortium's member companies (drafts included: that is
// when they choose markets), and the program office and EDAG coordinator, unbound.
import { canOn, consortiumRelations, type ConsortiumFacts } from '../../../shared/access.ts';
import type { Actor } from '../../lib/context.ts';

export const canExploreMarkets = (actor: Actor, consortium: ConsortiumFacts): boolean => canOn(actor, 'market.explore', consortiumRelations(actor, consortium));
