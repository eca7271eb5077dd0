#pragma once
// A hash map from non-negative 64-bit ids to small values: open addressing with linear
// probing and backward-shift deletion (no tombstones), so lookups stay short under churn.
// Invariant: load factor ≤ 1/2; keys are ≥ 0 (negative keys are reserved as "empty").

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace exchange {

template <class V>
class IdMap {
 public:
  IdMap() { rehash(16); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  V* find(int64_t key) {
    if (key < 0) return nullptr;  // never stored; -1 would match the empty marker
    for (size_t i = home(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }
  const V* find(int64_t key) const { return const_cast<IdMap*>(this)->find(key); }
  bool contains(int64_t key) const { return find(key) != nullptr; }

  // Inserts or overwrites; returns a reference to the stored value.
  V& set(int64_t key, V value) {
    assert(key >= 0);
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    size_t i = home(key);
    for (; slots_[i].key != kEmpty; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return slots_[i].value = std::move(value);
    }
    slots_[i] = Slot{key, std::move(value)};
    ++size_;
    return slots_[i].value;
  }

  bool erase(int64_t key) {
    if (key < 0) return false;
    size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].key == key) break;
      if (slots_[i].key == kEmpty) return false;
    }
    // Backward shift: pull later entries of the probe run into the hole.
    for (size_t next = (i + 1) & mask_; slots_[next].key != kEmpty; next = (next + 1) & mask_) {
      const size_t want = home(slots_[next].key);
      // Move `next` into the hole at `i` unless its home lies cyclically in (i, next].
      const bool stays = ((next - want) & mask_) < ((next - i) & mask_);
      if (stays) continue;
      slots_[i] = std::move(slots_[next]);
      i = next;
    }
    slots_[i].key = kEmpty;
    slots_[i].value = V{};
    --size_;
    return true;
  }

  void clear() {
    slots_ = std::vector<Slot>(16);
    mask_ = 15;
    shift_ = 60;
    size_ = 0;
  }

  template <class F>
  void for_each(F&& visit) const {
    for (const Slot& slot : slots_) {
      if (slot.key != kEmpty) visit(slot.key, slot.value);
    }
  }

 private:
  static constexpr int64_t kEmpty = -1;
  struct Slot {
    int64_t key = kEmpty;
    V value{};
  };

  size_t home(int64_t key) const {
    return size_t((uint64_t(key) * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_ = std::vector<Slot>(capacity);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    size_ = 0;
    for (Slot& slot : old) {
      if (slot.key != kEmpty) set(slot.key, std::move(slot.value));
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

}  // namespace exchange
