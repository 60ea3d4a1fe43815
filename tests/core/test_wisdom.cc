/* FFTW wisdom cache: the file is written after new MEASURE plans, read back by
 * a later create, survives concurrent writers, honours the overrides.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <fftw3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

using namespace tu;

namespace {

/* A fresh folder under the system temp dir, removed (with the cache files the
 * core may leave: fftw-wisdom, .lock) on destruction. */
struct TempDir {
    std::string path;
    TempDir()
    {
        char tmpl[] = "/tmp/stftc_wisdom_XXXXXX";
        const char* p = mkdtemp(tmpl);
        CPPUNIT_ASSERT(p);
        path = p;
    }
    ~TempDir()
    {
        const std::string cmd = "rm -rf '" + path + "'";
        if (std::system(cmd.c_str()) != 0)
            std::fprintf(stderr, "could not remove %s\n", path.c_str());
    }
};

bool exists(const std::string& p)
{
    struct stat st;
    return stat(p.c_str(), &st) == 0 && st.st_size > 0;
}

/* Whether the process's wisdom holds an out-of-place forward complex plan of
 * size n at MEASURE rigour (FFTW_WISDOM_ONLY plans only from wisdom). */
bool has_wisdom_c2c(int n)
{
    fftwf_complex* a = fftwf_alloc_complex(n);
    fftwf_complex* b = fftwf_alloc_complex(n);
    fftwf_plan p =
        fftwf_plan_dft_1d(n, a, b, FFTW_FORWARD, FFTW_MEASURE | FFTW_WISDOM_ONLY);
    const bool ok = p != nullptr;
    if (p)
        fftwf_destroy_plan(p);
    fftwf_free(a);
    fftwf_free(b);
    return ok;
}

/* Same question about a file, asked in a fresh wisdom state. */
bool file_has_c2c(const std::string& file, int n)
{
    fftwf_forget_wisdom();
    if (!fftwf_import_wisdom_from_filename(file.c_str()))
        return false;
    const bool ok = has_wisdom_c2c(n);
    fftwf_forget_wisdom();
    return ok;
}

stftc_stft_config_t measured(size_t n)
{
    stftc_stft_config_t c = stftc_stft_config_default();
    c.fft_size = n;
    c.hop = n / 4;
    c.plan = STFTC_PLAN_MEASURE;
    return c;
}

/* Environment for one test: cache under dir, no override in effect. */
void use_cache_home(const std::string& dir)
{
    unsetenv("STFTCLEAN_FFTW_WISDOM");
    stftc_set_plan_override(-1);
    setenv("XDG_CACHE_HOME", dir.c_str(), 1);
}

} // namespace

class WisdomTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WisdomTest);
    CPPUNIT_TEST(testPathRules);
    CPPUNIT_TEST(testWrittenThenRead);
    CPPUNIT_TEST(testEstimateWritesNothing);
    CPPUNIT_TEST(testCorruptFileIsReplaced);
    CPPUNIT_TEST(testConcurrentWriters);
    CPPUNIT_TEST_SUITE_END();

    /* the tests move HOME and XDG_CACHE_HOME; each is put back after */
    std::string saved[2];
    bool had[2] = { false, false };

public:
    void setUp() override
    {
        const char* names[2] = { "HOME", "XDG_CACHE_HOME" };
        for (int i = 0; i < 2; i++) {
            const char* v = getenv(names[i]);
            had[i] = v != nullptr;
            saved[i] = v ? v : "";
        }
    }

    void tearDown() override
    {
        unsetenv("STFTCLEAN_FFTW_WISDOM");
        stftc_set_plan_override(-1);
        const char* names[2] = { "HOME", "XDG_CACHE_HOME" };
        for (int i = 0; i < 2; i++) {
            if (had[i])
                setenv(names[i], saved[i].c_str(), 1);
            else
                unsetenv(names[i]);
        }
        fftwf_forget_wisdom();
    }

    void testPathRules()
    {
        char buf[512];
        unsetenv("STFTCLEAN_FFTW_WISDOM");
        setenv("XDG_CACHE_HOME", "/x/cache", 1);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_wisdom_file(buf, sizeof buf));
        CPPUNIT_ASSERT_EQUAL(std::string("/x/cache/gr-stftclean/fftw-wisdom"),
                             std::string(buf));
        /* a relative XDG_CACHE_HOME is invalid per the XDG spec: HOME is used */
        setenv("XDG_CACHE_HOME", "rel", 1);
        setenv("HOME", "/h", 1);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_wisdom_file(buf, sizeof buf));
        CPPUNIT_ASSERT_EQUAL(std::string("/h/.cache/gr-stftclean/fftw-wisdom"),
                             std::string(buf));
        setenv("STFTCLEAN_FFTW_WISDOM", "/some/file", 1);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_wisdom_file(buf, sizeof buf));
        CPPUNIT_ASSERT_EQUAL(std::string("/some/file"), std::string(buf));
        setenv("STFTCLEAN_FFTW_WISDOM", "off", 1);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, stftc_wisdom_file(buf, sizeof buf));
        setenv("STFTCLEAN_FFTW_WISDOM", "", 1);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, stftc_wisdom_file(buf, sizeof buf));
        unsetenv("STFTCLEAN_FFTW_WISDOM");
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, stftc_wisdom_file(buf, 8)); /* short */
    }

    void testWrittenThenRead()
    {
        TempDir a, b;
        use_cache_home(a.path);
        fftwf_forget_wisdom();
        const std::string fa = a.path + "/gr-stftclean/fftw-wisdom";
        CPPUNIT_ASSERT(!exists(fa));
        {
            StftPtr st = make_stft(measured(96));
            IstftPtr it = make_istft(measured(96));
        }
        CPPUNIT_ASSERT(exists(fa)); /* folders created, file written */
        CPPUNIT_ASSERT(file_has_c2c(fa, 96));

        /* A later start: empty wisdom, cache elsewhere holding that file. The
         * create reads it, so the plan comes from the file. */
        const std::string db = b.path + "/gr-stftclean";
        CPPUNIT_ASSERT_EQUAL(0, mkdir(db.c_str(), 0700));
        {
            std::ifstream src(fa, std::ios::binary);
            std::ofstream dst(db + "/fftw-wisdom", std::ios::binary);
            dst << src.rdbuf();
        }
        fftwf_forget_wisdom();
        CPPUNIT_ASSERT(!has_wisdom_c2c(96));
        use_cache_home(b.path);
        StftPtr st = make_stft(measured(96));
        CPPUNIT_ASSERT(has_wisdom_c2c(96));

        /* the plan override (STFTCLEAN_FFTW_PLAN in the front ends) turns an ESTIMATE
         * config into a measured plan that is saved */
        TempDir c;
        use_cache_home(c.path);
        stftc_set_plan_override(STFTC_PLAN_MEASURE);
        stftc_stft_config_t e = measured(80);
        e.plan = STFTC_PLAN_ESTIMATE;
        StftPtr se = make_stft(e);
        CPPUNIT_ASSERT(file_has_c2c(c.path + "/gr-stftclean/fftw-wisdom", 80));
    }

    void testEstimateWritesNothing()
    {
        TempDir a;
        use_cache_home(a.path);
        stftc_stft_config_t c = measured(72);
        c.plan = STFTC_PLAN_ESTIMATE;
        StftPtr st = make_stft(c);
        CPPUNIT_ASSERT(!exists(a.path + "/gr-stftclean/fftw-wisdom"));
        /* MEASURE forced to ESTIMATE by the override: nothing either */
        stftc_set_plan_override(STFTC_PLAN_ESTIMATE);
        StftPtr sm = make_stft(measured(72));
        CPPUNIT_ASSERT(!exists(a.path + "/gr-stftclean/fftw-wisdom"));
        /* cache disabled: MEASURE plans, no file */
        stftc_set_plan_override(-1);
        setenv("STFTCLEAN_FFTW_WISDOM", "off", 1);
        StftPtr so = make_stft(measured(72));
        CPPUNIT_ASSERT(!exists(a.path + "/gr-stftclean/fftw-wisdom"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, stftc_wisdom_save());
    }

    void testCorruptFileIsReplaced()
    {
        TempDir a;
        const std::string f = a.path + "/w";
        {
            std::ofstream o(f, std::ios::binary);
            o << "(fftw-3.3.10 fftwf_wisdom #x0 garbage ((((";
        }
        setenv("STFTCLEAN_FFTW_WISDOM", f.c_str(), 1);
        fftwf_forget_wisdom();
        std::mt19937 rng(3);
        stftc_stft_config_t c = measured(88);
        StftPtr st = make_stft(c); /* a corrupt cache never fails a create */
        fvec x = random_floats(rng, 2 * 88 * 4);
        fvec fr = stft_all(st.get(), x);
        CPPUNIT_ASSERT(!fr.empty());
        CPPUNIT_ASSERT(file_has_c2c(f, 88)); /* rewritten whole */
    }

    void testConcurrentWriters()
    {
        /* Four processes, each measuring its own sizes and saving many times
         * into the same file. The file must always parse, and end up holding
         * every process's plans (each save merges under the file lock). */
        TempDir a;
        const std::string f = a.path + "/shared-wisdom";
        setenv("STFTCLEAN_FFTW_WISDOM", f.c_str(), 1);
        const int sizes[4] = { 40, 56, 104, 120 };
        pid_t kids[4];
        for (int k = 0; k < 4; k++) {
            kids[k] = fork();
            CPPUNIT_ASSERT(kids[k] >= 0);
            if (kids[k] == 0) {
                /* the child never returns into CppUnit: any failure, thrown
                 * assertion included, becomes its exit status */
                int bad = 0;
                try {
                    fftwf_forget_wisdom();
                    StftPtr st = make_stft(measured((size_t)sizes[k]));
                    for (int r = 0; r < 40; r++) {
                        bad |= stftc_wisdom_save() != STFTC_OK;
                        /* reading while others write: the file is never torn */
                        FILE* fp = std::fopen(f.c_str(), "r");
                        if (fp) {
                            fftwf_forget_wisdom();
                            bad |= !fftwf_import_wisdom_from_file(fp);
                            std::fclose(fp);
                            bad |= !has_wisdom_c2c(sizes[k]); /* own plans kept */
                        }
                    }
                } catch (...) {
                    bad = 2;
                }
                _exit(bad);
            }
        }
        for (int k = 0; k < 4; k++) {
            int status = 0;
            CPPUNIT_ASSERT_EQUAL(kids[k], waitpid(kids[k], &status, 0));
            CPPUNIT_ASSERT(WIFEXITED(status));
            CPPUNIT_ASSERT_EQUAL(0, WEXITSTATUS(status));
        }
        for (int n : sizes)
            CPPUNIT_ASSERT_MESSAGE("N=" + std::to_string(n), file_has_c2c(f, n));
        /* no temporary files left behind */
        const std::string cmd = "test $(ls -A '" + a.path + "' | wc -l) -eq 2";
        CPPUNIT_ASSERT_EQUAL(0, std::system(cmd.c_str()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WisdomTest);
