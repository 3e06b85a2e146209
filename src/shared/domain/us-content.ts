// US content of the infrastructure layer (docs/domain.md#us-content): the national-interest test is presumed met
// when the aggregate value of the infrastructure layer is at least 51 % US-origin (April 2026 call).
import type { Component } from '../contracts/package.ts';

/** Presumption threshold; a figure of the 2026 call, kept as a named constant so it can be configured. */
export const US_CONTENT_PRESUMPTION = {
  threshold: 0.51,
  citation: 'American AI Exports Program, call for proposals (April 2026), national-interest presumption',
} as const;

export interface UsContentLine {
  componentId: string;
  name: string;
  valueUsd: number;
  usValueUsd: number;
  usOriginShare: number;
  shareOfLayer: number;
}

export interface UsContent {
  layer: 'infrastructure';
  totalValueUsd: number;
  usValueUsd: number;
  share: number | null;
  threshold: number;
  presumptionMet: boolean;
  citation: string;
  breakdown: UsContentLine[];
}

export function computeUsContent(components: readonly Component[], threshold: number = US_CONTENT_PRESUMPTION.threshold): UsContent {
  const infra = components.filter((c) => c.layer === 'infrastructure');
  const lines = infra.map((c) => {
    const valueUsd = c.unitValueUsd * c.quantity;
    return { componentId: c.id, name: c.name, valueUsd, usValueUsd: valueUsd * c.usOriginShare, usOriginShare: c.usOriginShare, shareOfLayer: 0 };
  });
  const totalValueUsd = lines.reduce((a, l) => a + l.valueUsd, 0);
  const usValueUsd = lines.reduce((a, l) => a + l.usValueUsd, 0);
  for (const l of lines) l.shareOfLayer = totalValueUsd > 0 ? l.valueUsd / totalValueUsd : 0;
  const share = totalValueUsd > 0 ? usValueUsd / totalValueUsd : null;
  return {
    layer: 'infrastructure',
    totalValueUsd,
    usValueUsd,
    share,
    threshold,
    // A small epsilon keeps 51 % from failing on floating-point sums such as 0.50999999.
    presumptionMet: share !== null && share + 1e-9 >= threshold,
    citation: US_CONTENT_PRESUMPTION.citation,
    breakdown: lines.sort((a, b) => b.valueUsd - a.valueUsd),
  };
}
