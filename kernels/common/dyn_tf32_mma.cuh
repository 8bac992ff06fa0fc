// tf32 tensor-core primitives (sm_80+), as inline PTX so NVRTC needs no extra headers:
//   tf32_bits: round a float to tf32 (cvt.rna: nearest, ties away from zero; 10 mantissa bits
//              kept), returned as the 32-bit pattern the mma reads.
//   mma_tf32:  d += a * b for one m16n8k8 tile, f32 accumulation. Fragment layouts (PTX ISA,
//              "Matrix Fragments for mma.m16n8k8", .tf32), with g = lane / 4 and q = lane % 4:
//                a[0] = A[g][q], a[1] = A[g + 8][q], a[2] = A[g][q + 4], a[3] = A[g + 8][q + 4]
//                b[0] = B[q][g], b[1] = B[q + 4][g]                      (B is k x n)
//                d[0] = D[g][2q], d[1] = D[g][2q + 1], d[2] = D[g + 8][2q], d[3] = D[g + 8][2q + 1]
#pragma once

namespace mhc_dev {

__device__ __forceinline__ unsigned tf32_bits(float v) {
  unsigned r;
  asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(v));
  return r;
}

__device__ __forceinline__ void mma_tf32(float (&d)[4], const unsigned (&a)[4],
                                         const unsigned (&b)[2]) {
  asm volatile(
      "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, "
      "{%8, %9}, {%0, %1, %2, %3};"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

}  // namespace mhc_dev
