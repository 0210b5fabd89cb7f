import os from "node:os";
import type { SeededRandom } from "./seededRandom";

// Synthetic face embeddings: each person has a true direction in 128-d space; every photo is that
// direction plus isotropic noise, renormalised. With per-photo noise energy s² (the squared norm
// of the noise before renormalising), two photos of one person have cosine ≈ 1/√((1+s₁²)(1+s₂²)),
// so s² drawn from [0.05, 0.33] puts same-person cosines between about 0.75 and 0.95, while two
// random unit vectors in 128-d have cosine ~ N(0, 1/128), i.e. near 0 (sd ≈ 0.09).

export const EMBEDDING_DIMENSIONS = 128;
const NOISE_ENERGY_MIN = 0.05;
const NOISE_ENERGY_MAX = 0.33;

function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return vector;
}

/** A person's true face direction: a uniformly random unit vector. */
export function trueFaceEmbedding(random: SeededRandom): Float32Array {
  const vector = new Float32Array(EMBEDDING_DIMENSIONS);
  for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) vector[i] = random.normal();
  return normalise(vector);
}

/** One photo of the person: the true direction plus per-photo noise, as stored (float32 LE bytes). */
export function photoEmbedding(truth: Float32Array, random: SeededRandom): Buffer {
  const energy = NOISE_ENERGY_MIN + (NOISE_ENERGY_MAX - NOISE_ENERGY_MIN) * random.float();
  const sigma = Math.sqrt(energy / EMBEDDING_DIMENSIONS);
  if (!LITTLE_ENDIAN_HOST) {
    const photo = new Float32Array(EMBEDDING_DIMENSIONS);
    for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) photo[i] = truth[i] + sigma * random.normal();
    return embeddingToBytes(normalise(photo));
  }
  // Written straight into the stored bytes: at a million records the extra copy showed in profiles.
  const bytes = Buffer.alloc(EMBEDDING_DIMENSIONS * 4);
  const photo = new Float32Array(bytes.buffer, bytes.byteOffset, EMBEDDING_DIMENSIONS);
  for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) photo[i] = truth[i] + sigma * random.normal();
  normalise(photo);
  return bytes;
}

const LITTLE_ENDIAN_HOST = os.endianness() === "LE";

/** float32 little-endian bytes, the storage format of ReliefRecord/MissingPersonReport.faceEmbedding. */
export function embeddingToBytes(vector: Float32Array): Buffer {
  if (LITTLE_ENDIAN_HOST) return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes;
}

export function embeddingFromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error("face embedding bytes must be a whole number of float32 values");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return dot / Math.sqrt(normA * normB);
}
