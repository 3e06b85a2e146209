import { describe, expect, it } from 'vitest';
import { determine } from './determine.ts';
import { buildComplianceMatrix, type ComplianceMatrixInput, type MatrixComponent } from './matrix.ts';

const gpu: MatrixComponent = { id: 'gpu', name: 'H100 SXM', eccn: '3A090.a', params: { tpp: 15832, performanceDensity: 19.4, designedForDatacenter: true } };
const server: MatrixComponent = { id: 'server', name: 'HGX server', eccn: '4A090.a', params: { containsEccn: '3A090.a' } };
const software: MatrixComponent = { id: 'software', name: 'Orchestration', eccn: 'EAR99' };
const unclassified: MatrixComponent = { id: 'unclassified', name: 'Storage array' };

const input: ComplianceMatrixInput = {
  asOf: '2025-12-01',
  components: [gpu, server, software, unclassified],
  markets: ['IN', 'AE', 'IR'],
  parties: [
    { id: 'operator', role: 'operate', headquarters: 'IN', ultimateParentHeadquarters: 'IN' },
    { id: 'tenant', role: 'end_user', headquarters: 'IN', ultimateParentHeadquarters: 'CN' },
  ],
};

describe('buildComplianceMatrix', () => {
  const m = buildComplianceMatrix(input);
  const cell = (c: string, market: string, p: string) => m.cells.find((x) => x.componentId === c && x.market === market && x.partyId === p)!;

  it('has one cell per component × market × party, each equal to a bare determination', () => {
    expect(m.cells).toHaveLength(4 * 3 * 2);
    for (const c of m.cells) {
      const comp = input.components.find((x) => x.id === c.componentId)!;
      const party = input.parties.find((p) => p.id === c.partyId)!;
      const bare = determine({ asOf: input.asOf, item: { eccn: comp.eccn, params: comp.params }, destination: c.market, endUser: party });
      expect(c.determination.licenseRequired).toBe(bare.licenseRequired);
      expect(c.determination.exceptions).toEqual(bare.exceptions);
    }
  });

  it('gives each cell a status', () => {
    expect(cell('gpu', 'IN', 'operator').status).toBe('clear');
    expect(cell('gpu', 'IN', 'tenant').status).toBe('license_required'); // headquarters rule
    expect(cell('gpu', 'AE', 'operator').status).toBe('license_required');
    expect(cell('software', 'IR', 'operator').status).toBe('prohibited');
    expect(cell('unclassified', 'IN', 'operator').status).toBe('needs_information');
    expect(cell('unclassified', 'IN', 'operator').determination.needsInformation).toContain('item.eccn');
  });

  it('rolls up per component, per market and for the package (worst wins, counts kept)', () => {
    expect(m.byComponent.software?.status).toBe('prohibited');
    expect(m.byComponent.gpu?.status).toBe('prohibited');
    expect(m.byMarket.IN?.status).toBe('license_required');
    expect(m.byMarket.IN?.counts).toEqual({ clear: 4, needs_information: 2, license_required: 2, prohibited: 0 });
    expect(m.byMarket.IR?.status).toBe('prohibited');
    expect(m.package.status).toBe('prohibited');
    expect(Object.values(m.package.counts).reduce((a, b) => a + b, 0)).toBe(m.cells.length);
    // Component ids that are Object.prototype names roll up like any other id (they once threw).
    const odd = buildComplianceMatrix({ ...input, components: [{ ...software, id: 'constructor' }, { ...gpu, id: '__proto__' }] });
    expect(Object.entries(odd.byComponent)).toEqual([['constructor', m.byComponent.software], ['__proto__', m.byComponent.gpu]]);
  });

  it('is clear when every cell is clear, and needs_information below license_required', () => {
    const clear = buildComplianceMatrix({ ...input, components: [software], markets: ['IN'] });
    expect(clear.package.status).toBe('clear');
    const info = buildComplianceMatrix({ ...input, components: [unclassified], markets: ['IN'] });
    expect(info.package.status).toBe('needs_information');
  });

  it('works without parties (destination-only cells) and flags the missing end-user facts', () => {
    const noParties = buildComplianceMatrix({ ...input, parties: [], components: [gpu], markets: ['IN', 'AE'] });
    // Decided under the documented defaults (end user headquartered in the destination, not
    // listed) and marked as such; the missing facts are still named.
    expect(noParties.cells.map((c) => [c.market, c.status, c.partyId, c.assumed])).toEqual([
      ['IN', 'clear', undefined, true],
      ['AE', 'license_required', undefined, true],
    ]);
    expect(noParties.cells[0]?.determination.needsInformation).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters']);
    expect(noParties.cells[0]?.determination.conditions?.map((c) => [c.fact, c.then])).toContainEqual(['endUser.headquarters', true]);
    // Cells with complete facts carry no marker.
    expect(m.cells.filter((c) => c.assumed)).toEqual([]);
  });

  it('applies package- and party-level end uses and list hits', () => {
    const m2 = buildComplianceMatrix({
      ...input,
      components: [software],
      markets: ['AE'],
      endUse: [],
      parties: [
        { id: 'clean', role: 'own', headquarters: 'AE', ultimateParentHeadquarters: 'AE' },
        { id: 'listed', role: 'build', headquarters: 'AE', ultimateParentHeadquarters: 'AE', listHits: ['EL'] },
        { id: 'wmd', role: 'end_user', headquarters: 'AE', ultimateParentHeadquarters: 'AE', endUse: ['wmd'] },
      ],
    });
    expect(m2.cells.map((c) => c.status)).toEqual(['clear', 'license_required', 'license_required']);
  });

  it('shares determinations between components with the same classification', () => {
    const many = buildComplianceMatrix({
      ...input,
      components: Array.from({ length: 50 }, (_, i) => ({ id: `c${i}`, eccn: i % 2 ? 'EAR99' : '5A992.c' })),
    });
    expect(many.cells).toHaveLength(50 * 3 * 2);
    expect(many.distinctDeterminations).toBe(2 * 3 * 2);
  });

  it('names the component whose ECCN is unknown', () => {
    expect(() => buildComplianceMatrix({ ...input, components: [{ id: 'bad', eccn: '9Z999' }] })).toThrow(/component bad: .*9Z999/);
    expect(() => buildComplianceMatrix({ ...input, markets: ['QQ'] })).toThrow(/market QQ/);
  });
});

describe('buildComplianceMatrix with foreign-made components', () => {
  // A server assembled in Taiwan and shipped from there: whether the EAR apply turns on its U.S. content.
  const twServer = (id: string, usControlledContentPercent: number): MatrixComponent => ({
    id,
    name: 'Server assembled in Taiwan',
    eccn: '5A992.c',
    origin: { countryOfManufacture: 'TW', exportedFrom: 'TW', usControlledContentPercent, usContentEccns: ['5A992.c'] },
  });
  const m = buildComplianceMatrix({ asOf: '2025-12-01', components: [twServer('low', 20), twServer('high', 30), { id: 'us', name: 'U.S. server', eccn: '5A992.c' }], markets: ['BR'], parties: [] });
  const cell = (id: string) => m.cells.find((c) => c.componentId === id)!;

  it('decides each cell as determine() does with the same origin facts', () => {
    for (const c of m.cells) {
      const comp = [twServer('low', 20), twServer('high', 30), { id: 'us', eccn: '5A992.c' } as MatrixComponent].find((x) => x.id === c.componentId)!;
      const bare = determine({ asOf: '2025-12-01', item: { eccn: comp.eccn, ...(comp.origin ?? {}) }, destination: 'BR' });
      expect(c.determination.licenseRequired).toBe(bare.licenseRequired);
      expect(c.determination.reasons.map((r) => r.citation)).toEqual(bare.reasons.map((r) => r.citation));
    }
  });

  it('keeps components with different origin facts apart (no shared determination)', () => {
    expect(cell('low').determination).not.toBe(cell('high').determination);
    expect(cell('low').determination.reasons.some((r) => /734\.4/.test(r.citation))).toBe(true);
    expect(cell('high').determination.reasons.some((r) => /734\.4/.test(r.citation))).toBe(true);
    expect(cell('us').determination.reasons.some((r) => /734\.4/.test(r.citation))).toBe(false);
  });
});
