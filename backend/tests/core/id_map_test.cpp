#include "core/id_map.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

namespace exchange {
namespace {

TEST(IdMap, BehavesLikeAStandardMapUnderChurn) {
  IdMap<int64_t> map;
  std::unordered_map<int64_t, int64_t> model;
  std::mt19937_64 rng(7);
  for (int step = 0; step < 200000; ++step) {
    const int64_t key = int64_t(rng() % 5000);
    switch (rng() % 3) {
      case 0:
        map.set(key, step);
        model[key] = step;
        break;
      case 1:
        ASSERT_EQ(map.erase(key), model.erase(key) == 1);
        break;
      default: {
        const int64_t* found = map.find(key);
        auto it = model.find(key);
        ASSERT_EQ(found != nullptr, it != model.end());
        if (found) {
          ASSERT_EQ(*found, it->second);
        }
      }
    }
    ASSERT_EQ(map.size(), model.size());
  }
  size_t visited = 0;
  map.for_each([&](int64_t key, int64_t value) {
    ++visited;
    EXPECT_EQ(model.at(key), value);
  });
  EXPECT_EQ(visited, model.size());
}

TEST(IdMap, NegativeKeysAreNeverFound) {
  IdMap<int64_t> map;
  map.set(1, 10);
  EXPECT_EQ(map.find(-1), nullptr);  // -1 is the empty-slot marker inside
  EXPECT_FALSE(map.erase(-1));
  EXPECT_EQ(map.size(), 1u);
}

}  // namespace
}  // namespace exchange
