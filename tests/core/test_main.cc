/* CppUnit runner shared by the core test executables. With arguments, runs
 * only the named tests (e.g. "StftTest::testFramingComplex").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cppunit/CompilerOutputter.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

#include <iostream>

int main(int argc, char** argv)
{
    CppUnit::TextUi::TestRunner runner;
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    runner.setOutputter(new CppUnit::CompilerOutputter(&runner.result(), std::cerr));
    if (argc < 2)
        return runner.run() ? 0 : 1;
    bool ok = true;
    for (int i = 1; i < argc; i++)
        ok = runner.run(argv[i]) && ok;
    return ok ? 0 : 1;
}
