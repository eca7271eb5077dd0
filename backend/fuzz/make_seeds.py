#!/usr/bin/python3
"""Writes request_fuzzer's seed scripts (seeds/) and dictionary (request_fuzzer.dict).

A fuzzer started from nothing takes long to stumble on a two-byte field tag such as
CreateUniverse's (27) or on a path like /api/ws/<name>; these give it the cohort-era requests,
flags and socket paths from the first second. The script format is request_fuzzer.cpp's.
Run it again after changing that format:  /usr/bin/python3 backend/fuzz/make_seeds.py
"""
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADMIN, MEMBER, ENROL = 0x80, 0x40, 0x20  # login bits


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def op(code: int, session: int = 1, bits: int = 0) -> bytes:
    return bytes([code + 8 * (session - 1) | bits])


def login(session: int, bits: int) -> bytes:
    return op(0, session, bits)


def frame(session: int, message: bytes) -> bytes:
    return op(1, session) + len(message).to_bytes(2, "little") + message


def flags(read_only: bool, auctions: bool) -> bytes:
    return op(5) + bytes([int(read_only) | int(auctions) << 1])


def path(target: str) -> bytes:
    data = target.encode()
    return op(6) + bytes([len(data)]) + data


def universe_op(session: int, name: str) -> bytes:
    data = name.encode()
    return op(7, session) + bytes([len(data)]) + data


def create_universe(name: str, description: str) -> bytes:
    return field(27, field(1, name.encode()) + field(2, description.encode()))


def create_market(name: str, low: int, high: int) -> bytes:
    # CreateMarket: name = 1, min_settlement = 3 and max_settlement = 4 (doubles: wire type 1).
    body = field(1, name.encode()) + b"\x19" + struct.pack("<d", low) + b"\x21" + struct.pack("<d", high)
    return field(1, body)


def varint_field(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)


def double_field(number: int, value: float) -> bytes:
    return varint(number << 3 | 1) + struct.pack("<d", value)


def set_sudo() -> bytes:
    return field(26, varint_field(1, 1))


def create_option(name: str, underlying: int, strike: float, is_call: bool) -> bytes:
    # CreateMarket.option = 11: OptionInfo {underlying 1, strike 2 (double), is_call 3}.
    info = varint_field(1, underlying) + double_field(2, strike) + varint_field(3, int(is_call))
    return field(1, field(1, name.encode()) + field(11, info))


def create_order(market: int, side: int, price: float, size: float) -> bytes:
    body = varint_field(2, market) + double_field(5, price) + double_field(6, size) + varint_field(7, side)
    return field(3, body)


def settle(market: int, price: float) -> bytes:
    return field(2, varint_field(1, market) + double_field(2, price))


def exercise(market: int, contract: int, amount: float) -> bytes:
    # ExerciseOption = 30: option_market_id 1, contract_id 2, amount 3 (double).
    return field(30, varint_field(1, market) + varint_field(2, contract) + double_field(3, amount))


def option_contracts(market: int) -> bytes:
    return field(31, varint_field(1, market))


def option_exercises(market: int) -> bytes:
    return field(100, varint_field(1, market))  # our extension (issue 16)


def string_field(number: int, text: str) -> bytes:
    return field(number, text.encode())


def make_transfer(source: int, target: int, amount: float, note: str = "") -> bytes:
    return field(6, varint_field(1, source) + varint_field(2, target) + double_field(3, amount)
                 + string_field(4, note))


def create_account(owner: int, name: str) -> bytes:
    return field(9, varint_field(1, owner) + string_field(2, name))


def share_ownership(account: int, to: int) -> bytes:
    return field(10, varint_field(1, account) + varint_field(2, to))


def gift(to: int, amount: float, note: str) -> bytes:  # additions.md 2
    return field(28, varint_field(1, to) + double_field(2, amount) + string_field(3, note))


def redistribute_owner_credit(account: int, from_owner: int) -> bytes:  # additions.md 3
    return field(29, varint_field(1, account) + varint_field(2, from_owner))


def create_redeem_code(amount: float) -> bytes:  # additions.md 1
    return field(32, double_field(1, amount))


def claim_redeem_code(code: str) -> bytes:
    return field(33, string_field(1, code))


def get_redeem_codes() -> bytes:  # our extension (issue 17)
    return field(101, b"")


def create_auction(name: str, bin_price: float) -> bytes:
    return field(15, string_field(1, name) + double_field(4, bin_price))


def buy_auction(auction: int) -> bytes:
    return field(20, varint_field(1, auction))


def cancel_order(order: int) -> bytes:
    return field(4, varint_field(1, order))


def out(market: int) -> bytes:
    return field(5, varint_field(1, market))


FLUSH = op(3)
SEEDS = {
    "universe-admin": login(1, ADMIN) + frame(1, create_universe("sandbox", "mine")) + FLUSH
    + universe_op(1, "second") + universe_op(1, "") + FLUSH,
    "universe-read-only": login(1, ENROL) + flags(True, True) + frame(1, create_universe("frozen", ""))
    + FLUSH + flags(False, True) + universe_op(1, "thawed") + FLUSH,
    "guest-gate": flags(False, True) + login(2, 0) + frame(2, create_universe("guest", "")) + FLUSH
    + flags(False, False) + login(3, 0) + login(4, MEMBER) + universe_op(4, "member") + FLUSH,
    "market-in-cohort": login(1, ADMIN) + frame(1, create_market("m", 0, 100)) + flags(True, False)
    + frame(1, create_market("n", 0, 10)) + FLUSH + op(4) + b"\x01",
    # Issue 16: an option market on market 1, traded between two admins, exercised, listed,
    # then settled with its underlying and exercised again (refused: the contract is closed).
    "options": login(1, ADMIN) + login(3, ADMIN) + frame(1, set_sudo()) + frame(1, create_market("u", 0, 100))
    + frame(1, create_option("call", 1, 50, True)) + frame(1, create_option("put", 1, 40, False)) + FLUSH
    + frame(3, create_order(2, 2, 10, 2)) + frame(1, create_order(2, 1, 10, 2)) + FLUSH
    + frame(1, option_contracts(2)) + frame(1, exercise(2, 1, 1)) + frame(3, exercise(2, 1, 1))
    + frame(1, option_exercises(0)) + FLUSH + frame(1, settle(1, 80)) + frame(1, exercise(2, 1, 1))
    + frame(1, settle(2, 30)) + FLUSH,
    # Issue 17 and additions.md: a shared account, a transfer into it, a gift, the owner credit
    # moved, a redeem code made, listed and claimed (a guessed code). Ids: Arbor Pixie is 1,
    # the two users 2 and 3 in login order, the new account 4.
    "additions": login(1, ADMIN) + login(2, MEMBER) + FLUSH + frame(1, set_sudo())
    + frame(2, create_account(3, "shared")) + FLUSH + frame(2, share_ownership(4, 2))
    + frame(1, make_transfer(2, 4, 25, "seed")) + frame(1, gift(4, 10, "well done")) + FLUSH
    + frame(1, redistribute_owner_credit(4, 3)) + frame(1, create_redeem_code(7.5))
    + frame(1, get_redeem_codes()) + frame(2, claim_redeem_code("ABCD-EFGH")) + FLUSH,
    # Trading between two sessions with cancels and Out, and an auction bought outright.
    "trading-auction": login(1, ADMIN) + login(2, MEMBER) + frame(1, set_sudo())
    + frame(1, create_market("t", 0, 100)) + FLUSH + frame(2, create_order(1, 1, 40, 3))
    + frame(2, create_order(1, 1, 41, 1)) + frame(1, create_order(1, 2, 40, 2)) + FLUSH
    + frame(2, cancel_order(1)) + frame(2, out(1)) + frame(1, create_auction("book", 20)) + FLUSH
    + frame(2, buy_auction(1)) + FLUSH + op(4) + b"\x01",
    "socket-paths": path("/api") + path("/api?x=1") + path("/api/ws/main") + path("/api/ws/fall-26?t=1")
    + path("/api/ws/a%2Fb") + path("/api/ws/%") + path("/api/ws/") + path("/api/ws/x/y"),
}

DICTIONARY = {
    "create_universe_tag": b"\xda\x01",
    "set_sudo_tag": b"\xd2\x01",
    "exercise_option_tag": b"\xf2\x01",
    "get_option_contracts_tag": b"\xfa\x01",
    "get_option_exercises_tag": b"\xa2\x06",
    "create_market_option_tag": b"\x5a",
    "gift_tag": b"\xe2\x01",
    "redistribute_owner_credit_tag": b"\xea\x01",
    "create_redeem_code_tag": b"\x82\x02",
    "claim_redeem_code_tag": b"\x8a\x02",
    "get_redeem_codes_tag": b"\xaa\x06",
    "api": b"/api",
    "api_ws": b"/api/ws/",
    "percent_slash": b"%2F",
    "query": b"?",
    "flags_read_only_auctions": flags(True, True),
    "login_admin": login(1, ADMIN),
    "login_guest": login(2, 0),
}


def escape(data: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02x}" for b in data)


def main() -> None:
    (HERE / "seeds").mkdir(exist_ok=True)
    for name, data in SEEDS.items():
        (HERE / "seeds" / name).write_bytes(data)
    lines = ["# request_fuzzer dictionary, written by make_seeds.py (field tags, socket paths, ops)"]
    lines += [f'{name}="{escape(data)}"' for name, data in DICTIONARY.items()]
    (HERE / "request_fuzzer.dict").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
