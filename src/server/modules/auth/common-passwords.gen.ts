// Generates data/common-passwords.txt, the deny-list of the password policy (src/server/lib/passwords.ts):
//   npx tsx src/server/modules/auth/common-passwords.gen.ts
// Built only from well-known patterns of guessed and breached passwords — common words and names
// with digits, years and symbols appended, months and seasons with years, keyboard walks, digit
// runs, repeated words and the service's own name — so nothing is fetched. Only entries of at least
// the policy's minimum length are kept (a shorter password is refused for its length anyway), in
// lower case (the check lower-cases the candidate).
import { writeFileSync } from 'node:fs';

const MIN_LENGTH = 12;

const WORDS = [
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'pa55word', 'pa$$word', 'passwort', 'motdepasse', 'contrasena', 'senha',
  'qwerty', 'qwertz', 'azerty', 'asdfgh', 'zxcvbn', 'letmein', 'welcome', 'welcome1', 'iloveyou', 'admin', 'administrator',
  'root', 'user', 'guest', 'login', 'access', 'default', 'changeme', 'secret', 'master', 'shadow', 'dragon', 'monkey',
  'football', 'baseball', 'basketball', 'soccer', 'hockey', 'sunshine', 'princess', 'superman', 'batman', 'spiderman',
  'starwars', 'pokemon', 'trustno1', 'whatever', 'freedom', 'computer', 'internet', 'hello', 'helloworld', 'abc123',
  'abcdef', 'michael', 'jennifer', 'jessica', 'charlie', 'thomas', 'jordan', 'hunter', 'ranger', 'buster', 'soccer',
  'harley', 'andrew', 'matthew', 'daniel', 'joshua', 'ashley', 'michelle', 'nicole', 'robert', 'william', 'elizabeth',
  'christopher', 'jonathan', 'samantha', 'america', 'liberty', 'freedom', 'eagle', 'mustang', 'corvette', 'ferrari',
  'chocolate', 'cookie', 'flower', 'butterfly', 'purple', 'orange', 'banana', 'summer', 'winter', 'spring', 'autumn',
  'loveme', 'lovely', 'angel', 'family', 'friends', 'forever', 'qazwsx', 'zaq12wsx', '1q2w3e', '1qaz2wsx', 'killer',
  'pepper', 'ginger', 'cheese', 'coffee', 'tigger', 'maggie', 'silver', 'golden', 'diamond', 'secure', 'security',
  'private', 'office', 'company', 'business', 'manager', 'support', 'service', 'test', 'testing', 'tester', 'demo',
  'sample', 'example', 'temp', 'temporary', 'newpassword', 'mypassword', 'yourpassword', 'nopassword', 'letmein',
  'aiep', 'aiexports', 'americanaiexports', 'aiexport', 'exports', 'commerce', 'government', 'federal', 'washington',
  'openai', 'chatgpt', 'google', 'microsoft', 'apple', 'facebook', 'linkedin', 'twitter', 'amazon', 'windows', 'linux',
];

const YEARS = Array.from({ length: 2032 - 1970 + 1 }, (_, i) => String(1970 + i));
const RECENT_YEARS = YEARS.slice(-12);
const DIGIT_SUFFIXES = ['1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890', '0', '00', '000', '01', '007', '69', '99', '111', '321', '4321', '54321', '2468', '1357'];
const SYMBOL_SUFFIXES = ['', '!', '!!', '@', '#', '!@#'];

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const SEASONS = ['spring', 'summer', 'autumn', 'fall', 'winter'];

const KEYBOARD_WALKS = [
  'qwertyuiop', 'qwertyuiop[]', 'qwertyuiopasdfghjkl', 'qwertyuiopasdfghjklzxcvbnm', 'asdfghjkl;', 'asdfghjkl;\'', 'zxcvbnm,./',
  'qazwsxedcrfv', 'qazwsxedcrfvtgb', 'qazwsxedc', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', '!qaz@wsx#edc', '!qaz2wsx#edc',
  'zaq12wsxcde3', 'zaq1xsw2cde3', 'zaq1zaq1zaq1', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', 'q1w2e3r4t5y6', 'q1w2e3r4t5y6u7',
  '1q2w3e4r5t', 'qwerasdfzxcv', 'qwerasdfzxcv1234', '1234qwerasdf', '1234qwerasdfzxcv', 'qweasdzxc123', 'qweasdzxcqwe',
  'asdfqwerzxcv', 'poiuytrewq', 'lkjhgfdsa', 'mnbvcxz', 'qwertzuiop', 'azertyuiop', 'ytrewq123456', 'qwerty123456',
  'qwerty1234567', 'qwerty12345678', 'qwertyqwerty', 'asdfasdfasdf', 'asdfghjklqwe', 'zxcvbnmasdf', 'zxcvbnm12345',
  '1234567890qwerty', 'qwertyuiop123', 'qwertyuiop1234', '1234567890-=', '!@#$%^&*()_+', '!@#$%^&*()', '1234567890!@#$',
  'qwe123qwe123', 'asd123asd123', 'zxc123zxc123', 'qazxswedcvfr', '147258369147', '159753159753', '741852963741',
  '789456123789', '963852741963', '123654789123', '147852369147', '1472583690', '7894561230', '0987654321qw',
];

const DIGIT_RUNS = [
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567891011', '012345678901', '098765432109',
  '987654321098', '987654321987', '121212121212', '123123123123', '112233445566', '111222333444', '123456123456',
  '123412341234', '246813579111', '135792468000', '101010101010', '696969696969', '147147147147', '123321123321',
  '000000000001', '100000000000', '999999999998', '314159265358', '271828182845',
];

function add(set: Set<string>, candidate: string) {
  const c = candidate.toLowerCase();
  if ([...c].length >= MIN_LENGTH) set.add(c);
}

export function generate(): string[] {
  const out = new Set<string>();
  for (const w of WORDS) {
    add(out, w + w);
    add(out, `${w}${w}1`);
    add(out, `my${w}`);
    add(out, `${w}password`);
    add(out, `password${w}`);
    for (const s of SYMBOL_SUFFIXES) {
      add(out, w + s);
      for (const d of DIGIT_SUFFIXES) add(out, w + d + s);
    }
    for (const y of YEARS) {
      add(out, w + y);
      add(out, `${w}${y}!`);
    }
    for (const y of RECENT_YEARS) {
      add(out, `${w}@${y}`);
      add(out, `${w}_${y}`);
      add(out, `${y}${w}`);
    }
  }
  for (const m of [...MONTHS, ...SEASONS]) {
    for (const y of YEARS.slice(-30)) {
      for (const s of ['', '!', '!!', '@', '#']) add(out, m + y + s);
      add(out, `${m}${y.slice(2)}!!!`);
      add(out, `${y}${m}`);
    }
  }
  for (const k of KEYBOARD_WALKS) {
    add(out, k);
    for (const s of ['!', '1', '12', '123', '1234', '!@#']) add(out, k + s);
  }
  for (const d of DIGIT_RUNS) add(out, d);
  for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789!@#$*.'.split('')) add(out, ch.repeat(MIN_LENGTH));
  for (let n = 1; n <= 9; n++) add(out, Array.from({ length: MIN_LENGTH }, (_, i) => String((n + i) % 10)).join(''));
  add(out, 'abcdefghijkl');
  add(out, 'abcdefghijklmnop');
  add(out, 'abcdefghijklmnopqrstuvwxyz');
  add(out, 'abc123abc123');
  add(out, 'abcabcabcabc');
  add(out, 'abcd1234abcd');
  add(out, 'aaaa1111bbbb');
  for (const phrase of [
    'iloveyou1234', 'iloveyouforever', 'iloveyousomuch', 'letmeinletmein', 'letmeinnow123', 'correcthorsebatterystaple',
    'thisismypassword', 'thisisapassword', 'mysecretpassword', 'supersecretpassword', 'verysecurepassword', 'strongpassword',
    'strongpassword1', 'secretpassword1', 'changemeplease', 'changeme1234', 'changemenow123', 'passwordisweak',
    'trustnoone123', 'godblessamerica', 'unitedstatesofamerica', 'onetwothreefour', 'opensesame123', 'administrator1',
    'administrator123', 'adminadmin123', 'rootroot1234', 'welcometoaiep', 'welcomeaiep2026', 'aiepaiepaiep',
  ]) add(out, phrase);
  return [...out].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const entries = generate();
  const header = [
    '# Deny-list of the password policy (src/server/lib/passwords.ts): one lower-case password a line.',
    '# Generated by src/server/modules/auth/common-passwords.gen.ts from well-known patterns of guessed',
    '# and breached passwords (no download); only entries of 12 characters or more.',
  ];
  writeFileSync(new URL('../../../../data/common-passwords.txt', import.meta.url), `${header.join('\n')}\n${entries.join('\n')}\n`);
  console.log(`${entries.length} entries`);
}
