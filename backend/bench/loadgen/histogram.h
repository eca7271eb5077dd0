#pragma once
// A log-linear latency histogram in the spirit of HdrHistogram: values in nanoseconds, 64
// linear sub-buckets per power of two, so every recorded value is kept within ~1.6%.

#include <array>
#include <bit>
#include <cstdint>

namespace exchange::loadgen {

class Histogram {
 public:
  void record(uint64_t nanos) {
    ++counts_[index_of(nanos)];
    ++total_;
    if (nanos > max_) max_ = nanos;
  }
  void merge(const Histogram& other) {
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.max_ > max_) max_ = other.max_;
  }
  uint64_t count() const { return total_; }
  uint64_t max() const { return max_; }
  // The value at the given quantile (0..1): the upper bound of its bucket.
  uint64_t quantile(double q) const {
    if (total_ == 0) return 0;
    uint64_t rank = uint64_t(q * double(total_ - 1)) + 1;
    for (size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] >= rank) return upper_bound_of(i) < max_ ? upper_bound_of(i) : max_;
      rank -= counts_[i];
    }
    return max_;
  }

 private:
  static constexpr int kSubBits = 6;  // 64 sub-buckets
  static size_t index_of(uint64_t value) {
    if (value < (1u << kSubBits)) return size_t(value);
    const int exponent = 63 - std::countl_zero(value) - kSubBits + 1;
    const uint64_t sub = value >> exponent;  // in [32, 64)
    return size_t(exponent) * (1u << (kSubBits - 1)) + size_t(sub);
  }
  static uint64_t upper_bound_of(size_t index) {
    if (index < (1u << kSubBits)) return index;
    const size_t half = 1u << (kSubBits - 1);
    const size_t exponent = (index - half) / half;
    const uint64_t sub = (index - half) % half + half;
    return ((sub + 1) << exponent) - 1;
  }

  std::array<uint64_t, 64 * 32> counts_{};
  uint64_t total_ = 0;
  uint64_t max_ = 0;
};

}  // namespace exchange::loadgen
