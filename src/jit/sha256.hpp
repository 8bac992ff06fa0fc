#pragma once
// SHA-256 (FIPS 180-4), for content-addressed cache keys and cache entry checksums. Small and
// dependency-free: the build links no crypto library, and speed here is irrelevant next to NVRTC.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mhc {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> digest();
  std::string hex_digest();

 private:
  void compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace mhc
