#!/usr/bin/env python3
"""The layering check passes on this repository and catches each kind of violation."""
import importlib.util
import pathlib
import sys
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_layering", ROOT / "scripts" / "check-layering.py")
check_layering = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layering)


def tree(files):
    directory = tempfile.TemporaryDirectory()
    src = pathlib.Path(directory.name)
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    return directory, src


class LayeringTest(unittest.TestCase):
    def problems(self, files):
        directory, src = tree(files)
        with directory:
            return list(check_layering.problems(src))

    def test_this_repository_is_layered(self):
        self.assertEqual(list(check_layering.problems(ROOT / "backend" / "src")), [])

    def test_allowed_includes_pass(self):
        self.assertEqual(self.problems({
            "core/a.h": "#include <vector>\n#include \"core/b.h\"\n",
            "api/x.cpp": "#include \"core/a.h\"\n#include \"store/s.h\"\n#include \"api/y.h\"\n",
            "app/main.cpp": "#include \"net/server.h\"\n#include <boost/asio.hpp>\n",
        }), [])

    def test_an_include_upwards_fails(self):
        found = self.problems({"api/x.cpp": "#include \"engine/sequencer.h\"\n"})
        self.assertEqual(len(found), 1)
        self.assertIn('includes "engine/sequencer.h"', found[0])

    def test_an_include_across_one_floor_fails(self):
        found = self.problems({"auth/x.cpp": "#include \"engine/sequencer.h\"\n"})
        self.assertEqual(len(found), 1)

    def test_core_includes_only_the_standard_library_and_itself(self):
        found = self.problems({
            "core/a.cpp": "#include <boost/json.hpp>\n#include <sqlite3.h>\n"
                          "#include \"client_message.pb.h\"\n#include \"text/utf8.h\"\n",
        })
        self.assertEqual(len(found), 4)

    def test_metrics_sits_on_the_lowest_floor(self):
        self.assertEqual(self.problems({
            "engine/x.cpp": "#include \"metrics/cohort_sink.h\"\n",
            "net/y.cpp": "#include \"metrics/connection_sink.h\"\n",
        }), [])
        found = self.problems({"metrics/a.h": "#include \"api/request_kinds.h\"\n"})
        self.assertEqual(len(found), 1)

    def test_an_unknown_folder_fails(self):
        found = self.problems({"misc/a.cpp": "#include <vector>\n"})
        self.assertEqual(len(found), 1)
        self.assertIn("has no floor", found[0])


if __name__ == "__main__":
    unittest.main()
