import { useSession } from '../app/session.tsx';

export function CountrySelect({ value, onChange, label, id }: { value: string; onChange: (v: string) => void; label: string; id: string }) {
  const { reference } = useSession();
  return (
    <label htmlFor={id}>
      {label}
      <select id={id} aria-label={label || "Country"} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {reference.countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </select>
    </label>
  );
}
