#pragma once
// Fixed-size objects carved from large blocks and recycled through a free list, so that the
// order book's hot path does not call the general-purpose allocator. Objects are not
// constructed or destroyed here; callers treat the memory as plain storage for trivial types.

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace exchange {

template <class T, size_t kBlockSize = 4096>
class ObjectPool {
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  ObjectPool() = default;
  ObjectPool(const ObjectPool&) = delete;
  ObjectPool& operator=(const ObjectPool&) = delete;
  ObjectPool(ObjectPool&&) = default;
  ObjectPool& operator=(ObjectPool&&) = default;

  T* allocate() {
    if (free_ != nullptr) {
      FreeSlot* slot = free_;
      free_ = slot->next;
      return reinterpret_cast<T*>(slot);
    }
    if (blocks_.empty() || used_in_last_block_ == kBlockSize) {
      blocks_.push_back(std::make_unique<Storage[]>(kBlockSize));
      used_in_last_block_ = 0;
    }
    return reinterpret_cast<T*>(&blocks_.back()[used_in_last_block_++]);
  }

  void release(T* object) {
    auto* slot = reinterpret_cast<FreeSlot*>(object);
    slot->next = free_;
    free_ = slot;
  }

 private:
  struct FreeSlot {
    FreeSlot* next;
  };
  union Storage {
    alignas(T) unsigned char bytes[sizeof(T)];
    FreeSlot free;
  };
  std::vector<std::unique_ptr<Storage[]>> blocks_;
  size_t used_in_last_block_ = 0;
  FreeSlot* free_ = nullptr;
};

}  // namespace exchange
