/**
 * RE2's character classes as Envoy's RE2 builds them: in Latin-1, so a class is a set of the 256
 * byte values (RE2 drops everything above 0xFF before it compiles), and case folding only pairs
 * ASCII letters (RE2's `AddFoldedRangeLatin1`). Port of `CharClassBuilder` and the group tables of
 * RE2's `parse.cc` / `perl_groups.cc`.
 */
import { F } from './flags';

/** The largest rune in Latin-1. */
export const RUNE_MAX = 0xff;

export class CharClass {
  readonly has = new Uint8Array(RUNE_MAX + 1);

  /** Adds `lo`–`hi` (clipped to Latin-1); whether the class grew. */
  addRange(lo: number, hi: number): boolean {
    let grew = false;
    for (let c = Math.max(lo, 0); c <= Math.min(hi, RUNE_MAX); c++) {
      if (!this.has[c]) grew = true;
      this.has[c] = 1;
    }
    return grew;
  }

  /** `AddRangeFlags`: drops `\n` unless ClassNL, and adds ASCII case pairs under FoldCase. */
  addRangeFlags(lo: number, hi: number, flags: number): void {
    const cutnl = !(flags & F.ClassNL) || flags & F.NeverNL;
    if (cutnl && lo <= 10 && 10 <= hi) {
      if (lo < 10) this.addRangeFlags(lo, 9, flags);
      if (hi > 10) this.addRangeFlags(11, hi, flags);
      return;
    }
    if (!(flags & F.FoldCase)) {
      this.addRange(lo, hi);
      return;
    }
    for (let c = lo; c <= Math.min(hi, RUNE_MAX); c++) {
      this.addRange(c, c);
      if (c >= 0x41 && c <= 0x5a) this.addRange(c + 32, c + 32);
      if (c >= 0x61 && c <= 0x7a) this.addRange(c - 32, c - 32);
    }
  }

  addClass(o: CharClass): void {
    for (let c = 0; c <= RUNE_MAX; c++) if (o.has[c]) this.has[c] = 1;
  }

  negate(): void {
    for (let c = 0; c <= RUNE_MAX; c++) this.has[c] = this.has[c] === 1 ? 0 : 1;
  }

  contains(c: number): boolean {
    return c >= 0 && c <= RUNE_MAX && this.has[c] === 1;
  }

  /** Number of runes (RE2's `size()`). */
  size(): number {
    let n = 0;
    for (let c = 0; c <= RUNE_MAX; c++) n += this.has[c]!;
    return n;
  }

  /** RE2's `full()` compares with all of Unicode, which a Latin-1 class never is. */
  full(): boolean {
    return false;
  }

  /** Maximal runs of members, ascending. */
  ranges(): [number, number][] {
    const out: [number, number][] = [];
    for (let c = 0; c <= RUNE_MAX; c++) {
      if (!this.has[c]) continue;
      const lo = c;
      while (c + 1 <= RUNE_MAX && this.has[c + 1]) c++;
      out.push([lo, c]);
    }
    return out;
  }

  /** Every ASCII letter is in the class exactly when its other case is (`FoldsASCII`). */
  foldsAscii(): boolean {
    for (let c = 0x41; c <= 0x5a; c++) if (this.has[c] !== this.has[c + 32]) return false;
    return true;
  }

  equals(o: CharClass): boolean {
    for (let c = 0; c <= RUNE_MAX; c++) if (this.has[c] !== o.has[c]) return false;
    return true;
  }
}

/** A named group: its members within Latin-1 and whether it is negated (`\D`, `[:^alpha:]`). */
export interface Group {
  members: (c: number) => boolean;
  sign: 1 | -1;
}

const inRanges =
  (...ranges: [number, number][]) =>
  (c: number): boolean =>
    ranges.some(([lo, hi]) => lo <= c && c <= hi);

const DIGIT = inRanges([0x30, 0x39]);
const SPACE = inRanges([0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]);
const WORD = inRanges([0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]);

export const PERL_GROUPS: Record<string, Group> = {
  '\\d': { members: DIGIT, sign: 1 },
  '\\D': { members: DIGIT, sign: -1 },
  '\\s': { members: SPACE, sign: 1 },
  '\\S': { members: SPACE, sign: -1 },
  '\\w': { members: WORD, sign: 1 },
  '\\W': { members: WORD, sign: -1 },
};

const POSIX: Record<string, (c: number) => boolean> = {
  alnum: inRanges([0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]),
  alpha: inRanges([0x41, 0x5a], [0x61, 0x7a]),
  ascii: inRanges([0x00, 0x7f]),
  blank: inRanges([0x09, 0x09], [0x20, 0x20]),
  cntrl: inRanges([0x00, 0x1f], [0x7f, 0x7f]),
  digit: DIGIT,
  graph: inRanges([0x21, 0x7e]),
  lower: inRanges([0x61, 0x7a]),
  print: inRanges([0x20, 0x7e]),
  punct: inRanges([0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]),
  space: inRanges([0x09, 0x0d], [0x20, 0x20]),
  upper: inRanges([0x41, 0x5a]),
  word: WORD,
  xdigit: inRanges([0x30, 0x39], [0x41, 0x46], [0x61, 0x66]),
};

/** `[:alpha:]` / `[:^alpha:]` by its full bracketed name. */
export function posixGroup(name: string): Group | undefined {
  const m = /^\[:(\^?)([a-z]+):\]$/.exec(name);
  const members = m ? POSIX[m[2]!] : undefined;
  return members && { members, sign: m![1] ? -1 : 1 };
}

/** The Unicode general categories RE2 knows (its table has no `Cn`). */
const CATEGORIES = 'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' ');

/** The scripts in RE2's Unicode tables; only Latin and Common have members within Latin-1. */
const SCRIPTS = new Set(
  (
    'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki Bopomofo Brahmi ' +
    'Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform ' +
    'Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic ' +
    'Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew ' +
    'Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi ' +
    'Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian ' +
    'Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive ' +
    'Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu ' +
    'Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian ' +
    'Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician ' +
    'Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo ' +
    'Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan ' +
    'Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'
  ).split(' '),
);

const unicodeCache = new Map<string, (c: number) => boolean>();

/** The Latin-1 members of a Unicode property, from the JavaScript engine's own tables (stable below 0x100). */
function latin1Members(property: string): (c: number) => boolean {
  let f = unicodeCache.get(property);
  if (!f) {
    const re = new RegExp(`^\\p{${property}}$`, 'u');
    const set = new Uint8Array(RUNE_MAX + 1);
    for (let c = 0; c <= RUNE_MAX; c++) set[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
    f = (c) => set[c] === 1;
    unicodeCache.set(property, f);
  }
  return f;
}

/** `\p{Name}`: RE2's Unicode table lookup ("Any", a general category or a script). */
export function unicodeGroup(name: string): Group | undefined {
  if (name === 'Any') return { members: () => true, sign: 1 };
  if (CATEGORIES.includes(name)) return { members: latin1Members(`gc=${name}`), sign: 1 };
  if (!SCRIPTS.has(name)) return undefined;
  return { members: name === 'Latin' || name === 'Common' ? latin1Members(`sc=${name}`) : () => false, sign: 1 };
}

/** `AddUGroup`: a group or its negation, with the parse flags' folding and newline rules. */
export function addGroup(cc: CharClass, g: Group, sign: 1 | -1, flags: number): void {
  if (sign === 1) {
    for (let c = 0; c <= RUNE_MAX; c++) if (g.members(c)) cc.addRangeFlags(c, c, flags);
    return;
  }
  if (flags & F.FoldCase) {
    // Negating a folded group: fold first, then negate (RE2 does the same in two steps).
    const pos = new CharClass();
    addGroup(pos, g, 1, flags);
    if (!(flags & F.ClassNL) || flags & F.NeverNL) pos.addRange(10, 10);
    pos.negate();
    cc.addClass(pos);
    return;
  }
  for (let c = 0; c <= RUNE_MAX; c++) if (!g.members(c)) cc.addRangeFlags(c, c, flags);
}

/** RE2's capture-name rule: letters, marks, digits, `Nl` and `Pc` (Latin-1 runes here). */
export function isValidCaptureName(runes: number[]): boolean {
  if (runes.length === 0) return false;
  const ok = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Nl', 'Mn', 'Mc', 'Nd', 'Pc'].map((gc) => latin1Members(`gc=${gc}`));
  return runes.every((r) => ok.some((f) => f(r)));
}
