// Draws images/icon.png (128x128): a teal-to-blue rounded square with a white plug whose cable
// turns into a wave. No dependencies: shapes are signed-distance tests, anti-aliased by 4x4
// supersampling, and the PNG is written by hand (zlib for IDAT, a small CRC-32 for the chunks).
//   node scripts/make-icon.mjs [out.png]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // samples per axis per pixel
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'images', 'icon.png');

// Signed distance to a rounded box centred at (cx, cy) with half sizes (hw, hh) and corner radius r.
function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - (hw - r);
  const qy = Math.abs(y - cy) - (hh - r);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}

// Signed distance to a capsule (a segment with round ends) of radius r.
function capsule(x, y, ax, ay, bx, by, r) {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - r;
}

// The wave: y = WY + A sin(2π (x - 64) / P), drawn from X0 to X1 with round ends.
const WY = 99;
const A = 7;
const P = 44;
const X0 = 22;
const X1 = 106;
const waveY = (x) => WY + A * Math.sin((2 * Math.PI * (x - 64)) / P);
function wave(x, y, r) {
  const cx = Math.max(X0, Math.min(X1, x));
  const slope = ((2 * Math.PI * A) / P) * Math.cos((2 * Math.PI * (cx - 64)) / P);
  // Vertical distance scaled by the slope is a good distance estimate for a gentle curve.
  const d = Math.abs(y - waveY(cx)) / Math.sqrt(1 + slope * slope);
  return cx === x ? d - r : Math.hypot(x - cx, y - waveY(cx)) - r;
}

function plug(x, y) {
  return Math.min(
    roundedBox(x, y, 64, 52, 23, 15, 9), // body
    roundedBox(x, y, 64, 69, 8, 5, 2), // neck
    capsule(x, y, 53, 22, 53, 36, 3.5), // prongs
    capsule(x, y, 75, 22, 75, 36, 3.5),
    capsule(x, y, 64, 72, 64, WY, 3.5), // cable down to the wave
    wave(x, y, 3.5),
  );
}

const mix = (a, b, t) => a + (b - a) * t;
const TOP = [20, 184, 166]; // teal
const BOTTOM = [29, 78, 216]; // blue

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let bg = 0;
    let fg = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS;
        const y = py + (sy + 0.5) / SS;
        if (roundedBox(x, y, 64, 64, 60, 60, 24) <= 0) {
          bg++;
          if (plug(x, y) <= 0) fg++;
        }
      }
    }
    const n = SS * SS;
    const t = Math.min(1, Math.max(0, (px * 0.35 + py) / (SIZE * 1.35)));
    const g = TOP.map((c, i) => mix(c, BOTTOM[i], t));
    const f = fg / Math.max(bg, 1);
    const i = (py * SIZE + px) * 4;
    rgba[i] = Math.round(mix(g[0], 255, f));
    rgba[i + 1] = Math.round(mix(g[1], 255, f));
    rgba[i + 2] = Math.round(mix(g[2], 255, f));
    rgba[i + 3] = Math.round((255 * bg) / n);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type: RGBA
// Bytes 10-12 (compression, filter, interlace) stay 0.
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
