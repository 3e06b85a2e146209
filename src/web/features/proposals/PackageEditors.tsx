// The package builder's sections: components by layer, markets, build/own/operate, support requests.
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { CountrySelect } from '../../components/CountrySelect.tsx';
import { CodeOptions, TableScroll } from '../../components/ui.tsx';
import { usd } from '../../lib/format.ts';
import type { Member } from '../../lib/types.ts';
import type { Component, Package } from '../../../shared/contracts/package.ts';
import { LAYER_LABELS, LAYERS, type Layer } from '../../../shared/domain/package.ts';

type SetPackage = (p: Package) => void;

const newId = () => Math.random().toString(36).slice(2, 10);

export function ComponentsEditor({ pkg, setPkg, members, canEditAll, myOrgId, disabled }: { pkg: Package; setPkg: SetPackage; members: Member[]; canEditAll: boolean; myOrgId: string; disabled: boolean }) {
  const { reference } = useSession();
  const active = members.filter((m) => m.status === 'active');
  const update = (id: string, patch: Partial<Component>) => setPkg({ ...pkg, components: pkg.components.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  const add = (layer: Layer) => {
    const suggested = reference.layers.find((l) => l.code === layer)?.suggestedCategories[0] ?? 'other';
    const supplier = canEditAll ? (active[0]?.orgId ?? myOrgId) : myOrgId;
    setPkg({
      ...pkg,
      components: [...pkg.components, { id: newId(), layer, category: suggested, name: '', supplier, description: '', eccn: null, countryOfOrigin: 'US', unitValueUsd: 0, quantity: 1, usOriginShare: 1 }],
    });
  };
  return (
    <>
      {LAYERS.map((layer) => {
        const items = pkg.components.filter((c) => c.layer === layer);
        const categories = reference.layers.find((l) => l.code === layer)?.suggestedCategories ?? [];
        return (
          <fieldset key={layer} className="layer" aria-labelledby={`layer-${layer}`}>
            <legend id={`layer-${layer}`}>
              {LAYER_LABELS[layer]} <span className={items.length ? 'good' : 'bad'}>{items.length ? `${items.length} component(s)` : 'not covered'}</span>
            </legend>
            {items.map((c, idx) => {
              const rowDisabled = disabled || (!canEditAll && c.supplier !== myOrgId);
              const p = `c-${c.id}`;
              return (
                <fieldset key={c.id} className="component" disabled={rowDisabled} aria-label={`${layer} component ${idx + 1}`}>
                  <div className="grid3">
                    <label htmlFor={`${p}-name`}>
                      Name
                      <input id={`${p}-name`} value={c.name} onChange={(e) => update(c.id, { name: e.target.value })} />
                    </label>
                    <label htmlFor={`${p}-cat`}>
                      Category
                      <select id={`${p}-cat`} aria-label="Category" value={c.category} onChange={(e) => update(c.id, { category: e.target.value as Component['category'] })}>
                        <CodeOptions codes={[...categories, ...reference.categories.filter((x) => !categories.includes(x))]} />
                      </select>
                    </label>
                    <label htmlFor={`${p}-sup`}>
                      Supplying member
                      <select id={`${p}-sup`} aria-label="Supplying member" value={c.supplier} disabled={!canEditAll} onChange={(e) => update(c.id, { supplier: e.target.value })}>
                        {active.map((m) => (
                          <option key={m.orgId} value={m.orgId}>
                            {m.name}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label htmlFor={`${p}-eccn`}>
                      ECCN (optional until compliance)
                      <input id={`${p}-eccn`} value={c.eccn ?? ''} placeholder="e.g. 3A090.a or EAR99" onChange={(e) => update(c.id, { eccn: e.target.value.trim() || null })} />
                    </label>
                    <CountrySelect id={`${p}-origin`} label="Country of origin" value={c.countryOfOrigin} onChange={(v) => update(c.id, { countryOfOrigin: v })} />
                    <label htmlFor={`${p}-value`}>
                      Unit value (USD)
                      <input id={`${p}-value`} type="number" min={0} step="any" value={c.unitValueUsd} onChange={(e) => update(c.id, { unitValueUsd: Number(e.target.value) })} />
                    </label>
                    <label htmlFor={`${p}-qty`}>
                      Quantity
                      <input id={`${p}-qty`} type="number" min={1} step={1} value={c.quantity} onChange={(e) => update(c.id, { quantity: Number(e.target.value) })} />
                    </label>
                    <label htmlFor={`${p}-us`}>
                      US-origin share (%)
                      <input id={`${p}-us`} type="number" min={0} max={100} step="any" value={Math.round(c.usOriginShare * 10000) / 100} onChange={(e) => update(c.id, { usOriginShare: Number(e.target.value) / 100 })} />
                    </label>
                    <div className="total">
                      Line value <strong>{usd(c.unitValueUsd * c.quantity)}</strong>
                    </div>
                  </div>
                  <label htmlFor={`${p}-desc`}>
                    Description
                    <textarea id={`${p}-desc`} rows={2} value={c.description} onChange={(e) => update(c.id, { description: e.target.value })} />
                  </label>
                  {!rowDisabled && (
                    <button type="button" className="secondary" onClick={() => setPkg({ ...pkg, components: pkg.components.filter((x) => x.id !== c.id) })}>
                      Remove component
                    </button>
                  )}
                </fieldset>
              );
            })}
            {!disabled && (
              <button type="button" onClick={() => add(layer)}>
                Add {layer} component
              </button>
            )}
          </fieldset>
        );
      })}
    </>
  );
}

export function MarketsEditor({ pkg, setPkg, disabled }: { pkg: Package; setPkg: SetPackage; disabled: boolean }) {
  const { reference } = useSession();
  const [kind, setKind] = useState<'country' | 'bloc'>('country');
  const [code, setCode] = useState('');
  const name = (k: string, c: string) => (k === 'bloc' ? reference.blocs.find((b) => b.code === c)?.name : reference.countries.find((x) => x.code === c)?.name) ?? c;
  const add = () => {
    if (!code || pkg.targetMarkets.some((m) => m.code === code && m.kind === kind)) return;
    setPkg({
      ...pkg,
      targetMarkets: [...pkg.targetMarkets, { kind, code }],
      operatingModel: pkg.operatingModel.some((o) => o.market === code) ? pkg.operatingModel : [...pkg.operatingModel, { market: code, build: [], own: [], operate: [] }],
    });
    setCode('');
  };
  return (
    <fieldset disabled={disabled}>
      <legend>Target markets</legend>
      <ul className="chips" aria-label="Chosen markets">
        {pkg.targetMarkets.map((m) => (
          <li key={`${m.kind}-${m.code}`}>
            {name(m.kind, m.code)} {m.kind === 'bloc' && <span className="muted">({reference.blocs.find((b) => b.code === m.code)?.members.length} countries)</span>}
            {!disabled && (
              <button
                type="button"
                className="link"
                aria-label={`Remove market ${m.code}`}
                onClick={() => setPkg({ ...pkg, targetMarkets: pkg.targetMarkets.filter((x) => x !== m), operatingModel: pkg.operatingModel.filter((o) => o.market !== m.code) })}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <div className="inline">
          <label htmlFor="market-kind">
            Kind
            <select id="market-kind" aria-label="Kind" value={kind} onChange={(e) => { setKind(e.target.value as 'country' | 'bloc'); setCode(''); }}>
              <option value="country">Country</option>
              <option value="bloc">Regional bloc</option>
            </select>
          </label>
          <label htmlFor="market-code">
            {kind === 'country' ? 'Country' : 'Bloc'}
            <select id="market-code" aria-label={kind === 'country' ? 'Country' : 'Bloc'} value={code} onChange={(e) => setCode(e.target.value)}>
              <option value="">Choose…</option>
              {(kind === 'country' ? reference.countries : reference.blocs).map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name} ({x.code})
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={add}>
            Add market
          </button>
        </div>
      )}
    </fieldset>
  );
}

type Role = 'build' | 'own' | 'operate';

export function OperatingModelEditor({ pkg, setPkg, disabled }: { pkg: Package; setPkg: SetPackage; disabled: boolean }) {
  const [drafts, setDrafts] = useState<Record<string, { name: string; country: string }>>({});
  const setRole = (market: string, role: Role, parties: Package['operatingModel'][number][Role]) =>
    setPkg({ ...pkg, operatingModel: pkg.operatingModel.map((o) => (o.market === market ? { ...o, [role]: parties } : o)) });
  if (pkg.targetMarkets.length === 0) return <p className="muted">Add a target market first.</p>;
  return (
    <fieldset disabled={disabled}>
      <legend>Build / own / operate, per market</legend>
      <TableScroll label="Operating model">
        <table className="bo">
          <thead>
            <tr>
              <th scope="col">Market</th>
              <th scope="col">Builds</th>
              <th scope="col">Owns</th>
              <th scope="col">Operates</th>
            </tr>
          </thead>
          <tbody>
            {pkg.targetMarkets.map((m) => {
              const model = pkg.operatingModel.find((o) => o.market === m.code) ?? { market: m.code, build: [], own: [], operate: [] };
              return (
                <tr key={m.code}>
                  <th scope="row">{m.code}</th>
                  {(['build', 'own', 'operate'] as Role[]).map((role) => {
                    const key = `${m.code}-${role}`;
                    const d = drafts[key] ?? { name: '', country: '' };
                    return (
                      <td key={role}>
                        <ul className="plain">
                          {model[role].map((p, i) => (
                            <li key={i}>
                              {p.name} ({p.country}){' '}
                              {!disabled && (
                                <button type="button" className="link" aria-label={`Remove ${p.name} from ${role} in ${m.code}`} onClick={() => setRole(m.code, role, model[role].filter((_, j) => j !== i))}>
                                  ×
                                </button>
                              )}
                            </li>
                          ))}
                        </ul>
                        {!disabled && (
                          <div className="mini">
                            <input aria-label={`${m.code} ${role} entity name`} placeholder="Entity" value={d.name} onChange={(e) => setDrafts({ ...drafts, [key]: { ...d, name: e.target.value } })} />
                            <input aria-label={`${m.code} ${role} entity country`} placeholder="CC" maxLength={2} size={3} value={d.country} onChange={(e) => setDrafts({ ...drafts, [key]: { ...d, country: e.target.value.toUpperCase() } })} />
                            <button
                              type="button"
                              aria-label={`Add ${role} entity for ${m.code}`}
                              onClick={() => {
                                if (!d.name.trim() || d.country.length !== 2) return;
                                const next = pkg.operatingModel.some((o) => o.market === m.code) ? pkg.operatingModel : [...pkg.operatingModel, model];
                                setPkg({ ...pkg, operatingModel: next.map((o) => (o.market === m.code ? { ...o, [role]: [...o[role], { name: d.name.trim(), country: d.country, orgId: null }] } : o)) });
                                setDrafts({ ...drafts, [key]: { name: '', country: '' } });
                              }}
                            >
                              Add
                            </button>
                          </div>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </fieldset>
  );
}

export function SupportEditor({ pkg, setPkg, disabled }: { pkg: Package; setPkg: SetPackage; disabled: boolean }) {
  const { reference } = useSession();
  const agencies = Object.keys(reference.instruments);
  type S = Package['supportRequests'][number];
  const update = (i: number, patch: Partial<S>) => setPkg({ ...pkg, supportRequests: pkg.supportRequests.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <fieldset disabled={disabled}>
      <legend>Requested federal support</legend>
      <p className="muted small">Designation gives priority access to federal support; it creates no right to financing (EO 14320 §5).</p>
      {pkg.supportRequests.map((s, i) => (
        <div key={i} className="grid3 support">
          <label htmlFor={`s-${i}-agency`}>
            Agency
            <select id={`s-${i}-agency`} aria-label="Agency" value={s.agency} onChange={(e) => update(i, { agency: e.target.value as S['agency'], instrument: reference.instruments[e.target.value]![0]! })}>
              {agencies.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
          <label htmlFor={`s-${i}-instr`}>
            Instrument
            <select id={`s-${i}-instr`} aria-label="Instrument" value={s.instrument} onChange={(e) => update(i, { instrument: e.target.value })}>
              <CodeOptions codes={reference.instruments[s.agency]!} />
            </select>
          </label>
          <label htmlFor={`s-${i}-amount`}>
            Amount (USD)
            <input id={`s-${i}-amount`} type="number" min={0} step="any" value={s.amountUsd} onChange={(e) => update(i, { amountUsd: Number(e.target.value) })} />
          </label>
          <label htmlFor={`s-${i}-why`} className="span3">
            Rationale (additionality)
            <textarea id={`s-${i}-why`} rows={2} value={s.rationale} onChange={(e) => update(i, { rationale: e.target.value })} />
          </label>
          {!disabled && (
            <button type="button" className="secondary" onClick={() => setPkg({ ...pkg, supportRequests: pkg.supportRequests.filter((_, j) => j !== i) })}>
              Remove request
            </button>
          )}
        </div>
      ))}
      {!disabled && (
        <button type="button" onClick={() => setPkg({ ...pkg, supportRequests: [...pkg.supportRequests, { agency: 'EXIM', instrument: 'direct_loan', amountUsd: 0, rationale: '' }] })}>
          Add support request
        </button>
      )}
    </fieldset>
  );
}
