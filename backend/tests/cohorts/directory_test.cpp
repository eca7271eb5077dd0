// The global database's people, cohorts and memberships (cohorts.md 2.1, 3.2, 7.3, 10.9, 10.11).
#include <gtest/gtest.h>

#include <filesystem>

#include "cohorts/data_dir.h"
#include "cohorts/directory.h"

namespace exchange::cohorts {
namespace {

namespace fs = std::filesystem;

class DirectoryTest : public ::testing::Test {
 protected:
  DirectoryTest()
      : dir_(fs::temp_directory_path() / ("directory-test-" + std::to_string(::getpid()))),
        directory_((fs::create_directories(dir_), (dir_ / "global.db").string())) {}
  ~DirectoryTest() override { fs::remove_all(dir_); }
  fs::path dir_;
  Directory directory_;
};

TEST_F(DirectoryTest, PeopleKeepTheirNameSyncTheAdminRoleAndAdoptARealName) {
  const GlobalUser first = directory_.resolve_person({"kp_1", "Ada", "Ada@Example.org", true});
  EXPECT_EQ(first.display_name, "Ada");
  EXPECT_EQ(first.email, "ada@example.org");
  EXPECT_TRUE(first.is_admin());
  const GlobalUser again = directory_.resolve_person({"kp_1", "Other", std::nullopt, false});
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.display_name, "Ada");  // later logins never rename
  EXPECT_FALSE(again.is_admin());         // the role is synced every time
  const GlobalUser bot = directory_.resolve_person({"kp_2", "", std::nullopt, false});
  EXPECT_TRUE(bot.display_name.starts_with("Unnamed-"));
  EXPECT_EQ(bot.display_name.size(), 12u);
  EXPECT_EQ(directory_.resolve_person({"kp_2", "Grace", std::nullopt, false}).display_name, "Grace");
  EXPECT_EQ(directory_.set_admin_grant(again.id, true), Directory::GrantResult::kDone);
  EXPECT_TRUE(directory_.person(again.id)->is_admin());
  directory_.resolve_person({"kp_1", "", std::nullopt, true});
  EXPECT_EQ(directory_.set_admin_grant(again.id, false), Directory::GrantResult::kProviderAdmin);
  EXPECT_EQ(directory_.set_admin_grant(999, false), Directory::GrantResult::kNoSuchUser);
}

TEST_F(DirectoryTest, PendingEmailsLinkRowByRowAtFirstContact) {
  const CohortRecord a = *directory_.add_cohort("a", "A", "cohorts/a.db");
  const CohortRecord b = *directory_.add_cohort("b", "B", "cohorts/b.db");
  EXPECT_FALSE(directory_.add_cohort("a", "again", "cohorts/x.db"));
  const GlobalUser eve = directory_.resolve_person({"kp_e", "Eve", std::nullopt, false});
  ASSERT_TRUE(directory_.enrol(a.id, eve.id));
  const AddedMembers added = directory_.add_members(a.id, {" EVE@x.org ", ""}, {}, "10");
  EXPECT_EQ(added.added, 1);
  EXPECT_EQ(directory_.add_members(b.id, {"eve@x.org"}, {}, "20").added, 1);
  EXPECT_EQ(directory_.add_members(b.id, {"Eve@X.org"}, {}, std::nullopt).already_existing, 1);
  // Eve is already a member of a: that pending row is dropped, b's is linked (10.11).
  directory_.resolve_person({"kp_e", "Eve", "eve@x.org", false});
  EXPECT_TRUE(directory_.membership(b.id, eve.id).has_value());
  EXPECT_EQ(directory_.membership(b.id, eve.id)->initial_balance, "20");
  EXPECT_EQ(directory_.members(a.id).size(), 1u);
  // Ids count only real inserts.
  const AddedMembers by_id = directory_.add_members(b.id, {}, {eve.id}, std::nullopt);
  EXPECT_EQ(by_id.added, 0);
  EXPECT_EQ(by_id.already_existing, 1);
  EXPECT_TRUE(directory_.set_member_balance(b.id, directory_.membership(b.id, eve.id)->id, "5"));
  EXPECT_FALSE(directory_.set_member_balance(a.id, directory_.membership(b.id, eve.id)->id, "5"));
  EXPECT_EQ(directory_.cohorts_of(eve.id).size(), 2u);
  directory_.delete_person(eve.id);
  EXPECT_TRUE(directory_.members(b.id).empty());
}

TEST_F(DirectoryTest, AFreshDataDirGetsAnEmptyDefaultCohortOnce) {
  prepare_data_dir(directory_, dir_);
  const std::optional<CohortRecord> main = directory_.cohort("main");
  ASSERT_TRUE(main.has_value());
  EXPECT_EQ(main->db_path, "cohorts/main.db");
  EXPECT_TRUE(main->auctions_enabled);
  EXPECT_EQ(directory_.default_cohort_id(), main->id);
  EXPECT_TRUE(fs::exists(dir_ / "cohorts" / "main.db"));
  directory_.set_default_cohort_id(std::nullopt);
  prepare_data_dir(directory_, dir_);  // prepared once: the cleared default stays cleared
  EXPECT_FALSE(directory_.default_cohort_id().has_value());
  EXPECT_EQ(directory_.cohorts().size(), 1u);
}

}  // namespace
}  // namespace exchange::cohorts
