// Placeholder: the buyer's actions on a catalog package's page (follow, register interest), built by the buyer workspace.
export function BuyerActions(_props: { proposalId: string; title: string }) {
  return null;
}
