"""Integration tests of redeem codes through the SDK, against the real server: a sudo admin
mints, a student claims and is paid, a second claim is refused, the admin lists the codes."""

from exchange_client import RequestError

from tests.support import ServerTestCase


class RedeemCodeTest(ServerTestCase):
    def assert_refused(self, call, kind, message):
        with self.assertRaises(RequestError) as caught:
            call()
        self.assertEqual((caught.exception.kind, caught.exception.message), (kind, message))

    def test_mint_claim_and_list(self):
        self.admin.set_sudo(False)
        self.assert_refused(lambda: self.admin.create_redeem_code(10), "CreateRedeemCode", "Sudo required")
        self.admin.set_sudo(True)
        created = self.admin.create_redeem_code(12.5)
        self.assertRegex(created.code, r"^[A-HJKMNP-Z]{3}-[2-9]{3}$")
        self.assertEqual(created.amount, 12.5)
        self.assertEqual(created.expires_at.nanos, 0)

        _, student = self.new_user()
        self.assert_refused(lambda: student.create_redeem_code(1), "CreateRedeemCode", "Admin access required")
        self.assert_refused(lambda: student.claim_redeem_code("ABC234"), "ClaimRedeemCode", "Invalid redeem code format")
        self.assert_refused(lambda: student.claim_redeem_code("IOL-101"), "ClaimRedeemCode", "Redeem code not found")
        claimed = student.claim_redeem_code(f"  {created.code.lower()} ")
        self.assertEqual((claimed.code, claimed.amount), (created.code, 12.5))
        self.assertTrue(student.wait_until(lambda: abs(student.state.balance() - 12.5) < 1e-9, 5))
        self.assertEqual([c.code for c in student.state.redeemed_codes()], [created.code])
        self.assertTrue(any(t.note == f"Redeem code {created.code}" for t in student.state.transfers.values()))
        self.assert_refused(lambda: student.claim_redeem_code(created.code), "ClaimRedeemCode",
                            "Redeem code already redeemed")

        listing = self.admin.get_redeem_codes()
        mine = [c for c in listing.codes if c.code == created.code]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0].redeemed_by, student.user_id)
        self.assertEqual(self.admin.state.minted_codes()[0].code, listing.codes[0].code)
