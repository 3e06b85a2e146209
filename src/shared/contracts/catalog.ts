// A designated package as the public catalog shows it: public fields only, never business-confidential ones.
export interface CatalogEntry {
  id: string;
  title: string;
  description: string;
  consortium: { name: string; members: { name: string; country: string }[] };
  layers: string[];
  sectors: string[];
  countries: string[];
  regions: string[];
  blocs: string[];
  designatedAt: string;
}
