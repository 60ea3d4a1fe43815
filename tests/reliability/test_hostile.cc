/* Hostile parameters for every core create: zero, negative, huge, NaN,
 * +-Inf and sizes whose products overflow. Each create either accepts the
 * value (where the header documents it as meaningful) or returns NULL with
 * a negative code and a message that names the field; values outside the
 * documented range must be refused. Nothing may abort, and nothing may try
 * to allocate what a size implies before checking it (under ASan a huge
 * allocation request is an error).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/bursts.h>
#include <stftclean/cleaner.h>
#include <stftclean/features.h>
#include <stftclean/iqfile.h>
#include <stftclean/iqsource.h>
#include <stftclean/mask.h>
#include <stftclean/phase.h>
#include <stftclean/sigmf.h>
#include <stftclean/stft.h>
#include <stftclean/window.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace {

const double kNaN = std::nan("");
const double kInf = INFINITY;
const std::vector<double> kRealHostile = { kNaN, kInf, -kInf, 1e300, -1e300, 0.0, -1.0 };
const std::vector<size_t> kSizeHostile = { 0,
                                           SIZE_MAX,
                                           SIZE_MAX / 2 + 1,
                                           SIZE_MAX / 8 + 1,
                                           (size_t)1 << 40,
                                           ((size_t)1 << 32) + 1 };

/* sample rates outside [STFTC_SAMPLE_RATE_MIN, STFTC_SAMPLE_RATE_MAX] */
const std::vector<double> kRateBad = { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 };
const std::vector<double> kRateBadExtra = {
    1e-300, 4.9e-324, STFTC_SAMPLE_RATE_MIN / 2, STFTC_SAMPLE_RATE_MAX * 2
};

std::string num(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

/* A create under test: runs it on cfg, returns true if it produced an object
 * (and destroys it); fills err otherwise. */
template <class Cfg>
using Create = std::function<bool(const Cfg&, stftc_error_t*)>;

template <class Cfg>
struct RealField {
    const char* name;
    std::function<void(Cfg&, double)> set;
    std::vector<double> must_refuse; /* outside the documented range */
    std::vector<double> extra;       /* more values to try (all must be refused) */
    RealField(const char* n,
              std::function<void(Cfg&, double)> s,
              std::vector<double> refuse,
              std::vector<double> more = std::vector<double>())
        : name(n),
          set(std::move(s)),
          must_refuse(std::move(refuse)),
          extra(std::move(more))
    {
    }
};

template <class Cfg>
struct SizeField {
    const char* name;
    std::function<void(Cfg&, size_t)> set;
    std::vector<size_t> must_refuse;
};

template <class Cfg>
void check_one(const char* what,
               const Create<Cfg>& create,
               const Cfg& cfg,
               const char* field,
               const std::string& value,
               bool must_refuse)
{
    stftc_error_t e;
    e.code = 0;
    e.msg[0] = '\0';
    const bool made = create(cfg, &e);
    const std::string ctx = std::string(what) + " " + field + " = " + value;
    if (made) {
        CPPUNIT_ASSERT_MESSAGE(ctx + " accepted (outside the documented range)",
                               !must_refuse);
        return;
    }
    CPPUNIT_ASSERT_MESSAGE(ctx + ": refused without a negative code", e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": message '" + e.msg + "' does not name the field",
                           std::strstr(e.msg, field) != nullptr);
}

template <class Cfg>
void sweep(const char* what,
           const Create<Cfg>& create,
           const Cfg& base,
           const std::vector<RealField<Cfg>>& reals,
           const std::vector<SizeField<Cfg>>& sizes)
{
    {
        stftc_error_t e;
        CPPUNIT_ASSERT_MESSAGE(std::string(what) + ": the base config is refused",
                               create(base, &e));
    }
    for (const auto& f : reals)
        for (double v : kRealHostile) {
            Cfg c = base;
            f.set(c, v);
            bool must = std::isnan(v);
            for (double r : f.must_refuse)
                must |= (r == v) || (std::isnan(r) && std::isnan(v));
            check_one(what, create, c, f.name, num(v), must);
        }
    for (const auto& f : reals)
        for (double v : f.extra) {
            Cfg c = base;
            f.set(c, v);
            check_one(what, create, c, f.name, num(v), true);
        }
    for (const auto& f : sizes)
        for (size_t v : kSizeHostile) {
            Cfg c = base;
            f.set(c, v);
            bool must = false;
            for (size_t r : f.must_refuse)
                must |= r == v;
            check_one(what, create, c, f.name, std::to_string(v), must);
        }
}

const std::vector<size_t> kHugeSizes = {
    SIZE_MAX, SIZE_MAX / 2 + 1, SIZE_MAX / 8 + 1, (size_t)1 << 40, ((size_t)1 << 32) + 1
};
std::vector<size_t> huge_and(std::vector<size_t> more)
{
    more.insert(more.end(), kHugeSizes.begin(), kHugeSizes.end());
    return more;
}

stftc_stft_config_t small_stft()
{
    stftc_stft_config_t c = stftc_stft_config_default();
    c.fft_size = 64;
    c.hop = 16;
    return c;
}

/* The framing fields shared by every config that embeds an stft config. */
template <class Cfg>
std::vector<SizeField<Cfg>> stft_size_fields(std::function<stftc_stft_config_t&(Cfg&)> s)
{
    return {
        { "fft_size", [s](Cfg& c, size_t v) { s(c).fft_size = v; }, huge_and({ 0 }) },
        { "hop", [s](Cfg& c, size_t v) { s(c).hop = v; }, huge_and({ 0 }) },
        { "window_len", [s](Cfg& c, size_t v) { s(c).window_len = v; }, kHugeSizes },
    };
}

template <class Cfg>
std::vector<RealField<Cfg>> stft_real_fields(std::function<stftc_stft_config_t&(Cfg&)> s)
{
    return {
        { "window",
          [s](Cfg& c, double v) {
              s(c).window.type = STFTC_WIN_KAISER;
              s(c).window.param = v;
          },
          { kInf, -kInf, 1e300, -1e300, -1.0 } },
        { "window",
          [s](Cfg& c, double v) {
              s(c).window.type = STFTC_WIN_GAUSSIAN;
              s(c).window.param = v;
          },
          { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
    };
}

} // namespace

class HostileTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HostileTest);
    CPPUNIT_TEST(testStftIstft);
    CPPUNIT_TEST(testMaskAndCleaner);
    CPPUNIT_TEST(testWindowParse);
    CPPUNIT_TEST(testNarrowGaussianRefused);
    CPPUNIT_TEST(testIqwavWriter);
    CPPUNIT_TEST(testPhase);
    CPPUNIT_TEST(testFeaturesAndBursts);
    CPPUNIT_TEST(testSinks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testStftIstft()
    {
        using C = stftc_stft_config_t;
        auto self = [](C& c) -> C& { return c; };
        Create<C> stft = [](const C& c, stftc_error_t* e) {
            stftc_stft_t* p = stftc_stft_create(&c, e);
            stftc_stft_destroy(p);
            return p != nullptr;
        };
        Create<C> istft = [](const C& c, stftc_error_t* e) {
            stftc_istft_t* p = stftc_istft_create(&c, e);
            stftc_istft_destroy(p);
            return p != nullptr;
        };
        sweep<C>("stft",
                 stft,
                 small_stft(),
                 stft_real_fields<C>(self),
                 stft_size_fields<C>(self));
        sweep<C>("istft",
                 istft,
                 small_stft(),
                 stft_real_fields<C>(self),
                 stft_size_fields<C>(self));
    }

    void testMaskAndCleaner()
    {
        using C = stftc_cleaner_config_t;
        auto st = [](C& c) -> stftc_stft_config_t& { return c.stft; };
        Create<C> cleaner = [](const C& c, stftc_error_t* e) {
            stftc_cleaner_t* p = stftc_cleaner_create(&c, e);
            stftc_cleaner_destroy(p);
            return p != nullptr;
        };
        Create<C> mask = [](const C& c, stftc_error_t* e) {
            stftc_mask_t* p = stftc_mask_create(&c.mask, &c.stft, e);
            stftc_mask_destroy(p);
            return p != nullptr;
        };
        using R = RealField<C>;
        const std::vector<double> all_bad = { kInf, -kInf, 1e300, -1e300 };
        std::vector<R> est = {
            { "threshold_db", [](C& c, double v) { c.mask.threshold_db = v; }, all_bad },
            { "floor_db", [](C& c, double v) { c.mask.floor_db = v; }, all_bad },
            { "noise_window",
              [](C& c, double v) { c.mask.noise_window = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "region_time",
              [](C& c, double v) { c.mask.region_time = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "region_freq",
              [](C& c, double v) { c.mask.region_freq = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "lookahead",
              [](C& c, double v) { c.mask.lookahead = v; },
              { kInf, 1e300 } },
            { "pfa",
              [](C& c, double v) { c.mask.pfa = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "hysteresis_db",
              [](C& c, double v) { c.mask.hysteresis_db = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "hang_time",
              [](C& c, double v) { c.mask.hang_time = v; },
              { kInf, 1e300 } },
            { "gate_slope_db",
              [](C& c, double v) { c.mask.gate_slope_db = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "xi_min_db",
              [](C& c, double v) { c.mask.xi_min_db = v; },
              { kInf, -kInf, 1e300, -1e300 } },
            { "dd_alpha",
              [](C& c, double v) { c.mask.dd_alpha = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "line_db",
              [](C& c, double v) { c.mask.line_db = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "impulse_db",
              [](C& c, double v) { c.mask.impulse_db = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "smooth_time",
              [](C& c, double v) { c.mask.smooth_time = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "smooth_freq",
              [](C& c, double v) { c.mask.smooth_freq = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
        };
        for (const auto& f : stft_real_fields<C>(st))
            est.insert(est.begin(), f);
        std::vector<SizeField<C>> sizes = stft_size_fields<C>(st);
        sizes.push_back({ "bands",
                          [](C& c, size_t v) {
                              c.mask.type = STFTC_MASK_BAND;
                              c.mask.nbands = v;
                          },
                          huge_and({ 0 }) });

        for (stftc_mask_type_t type : { STFTC_MASK_THRESHOLD,
                                        STFTC_MASK_AUTO,
                                        STFTC_MASK_GATE,
                                        STFTC_MASK_WIENER }) {
            C base = stftc_cleaner_config_default();
            base.stft = small_stft();
            base.mask.type = type;
            base.mask.sample_rate = 1e6;
            /* the stateless masks ignore (and do not check) the estimator
             * fields */
            std::vector<R> reals(
                est.begin(), type == STFTC_MASK_THRESHOLD ? est.begin() + 4 : est.end());
            /* every mask: sample_rate in [STFTC_SAMPLE_RATE_MIN, _MAX] */
            reals.push_back({ "sample_rate",
                              [](C& c, double v) { c.mask.sample_rate = v; },
                              kRateBad,
                              kRateBadExtra });
            const std::string name = stftc_mask_type_name(type);
            sweep<C>(("cleaner/" + name).c_str(), cleaner, base, reals, sizes);
            sweep<C>(("mask/" + name).c_str(), mask, base, reals, sizes);
        }
    }

    void testWindowParse()
    {
        const char* bad[] = { "",
                              ":",
                              "kaiser:",
                              "kaiser:nan",
                              "kaiser:inf",
                              "kaiser:-1",
                              "kaiser:1e300",
                              "gaussian:0",
                              "gaussian:nan",
                              "hann:3",
                              "hann ",
                              "x" };
        for (const char* t : bad) {
            stftc_window_spec_t s;
            stftc_error_t e;
            e.msg[0] = '\0';
            const int rc = stftc_window_parse(t, &s, &e);
            CPPUNIT_ASSERT_MESSAGE(std::string("window '") + t + "' accepted", rc < 0);
            CPPUNIT_ASSERT_MESSAGE(e.msg, std::strstr(e.msg, "window") != nullptr);
        }
        std::string longname(10000, 'k');
        stftc_window_spec_t s;
        CPPUNIT_ASSERT(stftc_window_parse(longname.c_str(), &s, nullptr) < 0);
        CPPUNIT_ASSERT(stftc_window_parse(nullptr, &s, nullptr) < 0);
        double w[8];
        s.type = STFTC_WIN_KAISER;
        s.param = kNaN;
        CPPUNIT_ASSERT(stftc_window_fill(&s, 8, w) < 0);
        CPPUNIT_ASSERT(stftc_window_fill(&s, 0, w) < 0);
        double d[8];
        stftc_error_t e;
        const double ones[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
        CPPUNIT_ASSERT(stftc_window_dual(ones, 8, 0, "rect", d, &e) < 0);
        CPPUNIT_ASSERT(std::strstr(e.msg, "hop") != nullptr);
        CPPUNIT_ASSERT(stftc_window_dual(ones, 8, SIZE_MAX, "rect", d, &e) < 0);
        CPPUNIT_ASSERT(std::strstr(e.msg, "hop") != nullptr);
    }

    /* Found by fuzz_cleaner: a Gaussian far narrower than one sample passed
     * the NOLA check in double but underflowed in float32 (NaN output). */
    void testNarrowGaussianRefused()
    {
        stftc_stft_config_t c = stftc_stft_config_default();
        c.fft_size = 3;
        c.hop = 2;
        c.window.type = STFTC_WIN_GAUSSIAN;
        c.window.param = 0.0100001;
        stftc_error_t e;
        stftc_stft_t* st = stftc_stft_create(&c, &e);
        stftc_stft_destroy(st);
        CPPUNIT_ASSERT(st == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, e.code);
        CPPUNIT_ASSERT_MESSAGE(e.msg, std::strstr(e.msg, "window") != nullptr);
        /* the usual narrow Gaussian still works */
        c.fft_size = 1024;
        c.hop = 64;
        c.window.param = 0.01;
        st = stftc_stft_create(&c, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, st != nullptr);
        stftc_stft_destroy(st);
    }

    void testIqwavWriter()
    {
        const char* path = "/dev/null";
        auto refused = [&](stftc_iqwav_write_options_t o, const char* field) {
            stftc_error_t e;
            e.msg[0] = '\0';
            stftc_iqwav_writer_t* w = stftc_iqwav_create(path, &o, &e);
            if (w)
                stftc_iqwav_writer_close(w, nullptr);
            CPPUNIT_ASSERT_MESSAGE(std::string("writer accepted bad ") + field, !w);
            CPPUNIT_ASSERT_MESSAGE(e.msg, std::strstr(e.msg, field) != nullptr);
        };
        stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
        o.sample_rate = 0;
        refused(o, "sample_rate");
        o = stftc_iqwav_write_options_default();
        o.sample_rate = 48000;
        o.channels = 0;
        refused(o, "channels");
        o.channels = 3;
        refused(o, "channels");
        o.channels = UINT32_MAX;
        refused(o, "channels");
        o.channels = 2;
        o.format = (stftc_wav_format_t)7;
        refused(o, "format");
        stftc_error_t e;
        CPPUNIT_ASSERT(stftc_iqwav_create(nullptr, &o, &e) == nullptr);
        CPPUNIT_ASSERT(stftc_iqwav_open(nullptr, nullptr, &e) == nullptr);
        CPPUNIT_ASSERT(stftc_iqwav_open("/", nullptr, &e) == nullptr);
        CPPUNIT_ASSERT(stftc_iqwav_open("/nonexistent/x.wav", nullptr, &e) == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, e.code);
    }

    void testPhase()
    {
        using C = stftc_phase_config_t;
        auto st = [](C& c) -> stftc_stft_config_t& { return c.stft; };
        Create<C> create = [](const C& c, stftc_error_t* e) {
            stftc_phase_t* p = stftc_phase_create(&c, e);
            stftc_phase_destroy(p);
            return p != nullptr;
        };
        C base = stftc_phase_config_default();
        base.stft = small_stft();
        base.max_frames = 16;
        std::vector<RealField<C>> reals = stft_real_fields<C>(st);
        reals.push_back({ "momentum",
                          [](C& c, double v) { c.momentum = v; },
                          { kInf, -kInf, 1e300, -1e300, -1.0 } });
        reals.push_back({ "pghi_tol",
                          [](C& c, double v) { c.pghi_tol = v; },
                          { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } });
        std::vector<SizeField<C>> sizes = stft_size_fields<C>(st);
        sizes.push_back(
            { "max_frames", [](C& c, size_t v) { c.max_frames = v; }, { 0 } });
        sweep<C>("phase", create, base, reals, sizes);
        /* found by fuzz_phase: frames x bins past 2^31 (each within its
         * range) were refused with a message read from the freed object */
        {
            C c = base;
            c.stft.fft_size = 4096;
            c.stft.hop = 1024;
            c.max_frames = (size_t)1 << 20;
            check_one<C>("phase", create, c, "max_frames", "2^20 x 4096 bins", true);
        }

        using R = stftc_rtpghi_config_t;
        auto rst = [](R& c) -> stftc_stft_config_t& { return c.stft; };
        Create<R> rcreate = [](const R& c, stftc_error_t* e) {
            stftc_rtpghi_t* p = stftc_rtpghi_create(&c, e);
            stftc_rtpghi_destroy(p);
            return p != nullptr;
        };
        R rbase = stftc_rtpghi_config_default();
        rbase.stft = small_stft();
        std::vector<RealField<R>> rreals = stft_real_fields<R>(rst);
        rreals.push_back({ "tol",
                           [](R& c, double v) { c.tol = v; },
                           { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } });
        sweep<R>("rtpghi", rcreate, rbase, rreals, stft_size_fields<R>(rst));

        using I = stftc_rtisila_config_t;
        auto ist = [](I& c) -> stftc_stft_config_t& { return c.stft; };
        Create<I> icreate = [](const I& c, stftc_error_t* e) {
            stftc_rtisila_t* p = stftc_rtisila_create(&c, e);
            stftc_rtisila_destroy(p);
            return p != nullptr;
        };
        I ibase = stftc_rtisila_config_default();
        ibase.stft = small_stft();
        std::vector<RealField<I>> ireals = stft_real_fields<I>(ist);
        ireals.push_back({ "tol",
                           [](I& c, double v) { c.tol = v; },
                           { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 },
                           { 1.0 } });
        ireals.push_back({ "momentum",
                           [](I& c, double v) { c.momentum = v; },
                           { kInf, -kInf, 1e300, -1e300, -1e-9, -1.0 },
                           { 1.5 + 1e-9 } });
        std::vector<SizeField<I>> isizes = stft_size_fields<I>(ist);
        isizes.push_back(
            { "lookahead", [](I& c, size_t v) { c.lookahead = v; }, kHugeSizes });
        isizes.push_back(
            { "iterations", [](I& c, size_t v) { c.iterations = v; }, huge_and({ 0 }) });
        sweep<I>("rtisila", icreate, ibase, ireals, isizes);
        /* just past the documented ranges: lookahead 0..16, iterations 1..100 */
        for (auto set : { std::function<void(I&)>([](I& c) { c.lookahead = 17; }),
                          std::function<void(I&)>([](I& c) { c.iterations = 101; }) }) {
            I c = ibase;
            set(c);
            check_one<I>("rtisila",
                         icreate,
                         c,
                         c.lookahead == 17 ? "lookahead" : "iterations",
                         "past the range",
                         true);
        }
    }

    /* The IQ sink (every format) and the SigMF writer: files go to a
     * scratch folder. */
    void testSinks()
    {
        char dir[] = "/tmp/stftc_hostile_XXXXXX";
        CPPUNIT_ASSERT(mkdtemp(dir) != nullptr);
        const std::string base_path = std::string(dir) + "/rec";
        using O = stftc_iqsink_options_t;
        auto sink = [&](stftc_iqfmt_t fmt) {
            return Create<O>([fmt, base_path](const O& o, stftc_error_t* e) {
                stftc_iqsink_t* s = stftc_iqsink_create(base_path.c_str(), fmt, &o, e);
                if (s)
                    stftc_iqsink_close(s, nullptr);
                return s != nullptr;
            });
        };
        O obase = stftc_iqsink_options_default();
        obase.sample_rate = 48000;
        std::vector<RealField<O>> oreals = {
            /* WAV: a whole number of Hz, 1..2^32-1 */
            { "sample_rate",
              [](O& o, double v) { o.sample_rate = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 },
              { 0.5, 4294967296.0 } },
            { "centre_hz",
              [](O& o, double v) {
                  o.has_centre = 1;
                  o.centre_hz = v;
              },
              { kInf, -kInf } },
        };
        sweep<O>("iqsink/wav", sink(STFTC_IQFMT_WAV), obase, oreals, {});
        /* channels: 1 or 2 (1 only for wav and f32) */
        for (unsigned ch : { 0u, 3u, 1000u, UINT32_MAX }) {
            O o = obase;
            o.channels = ch;
            check_one<O>("iqsink/wav",
                         sink(STFTC_IQFMT_WAV),
                         o,
                         "channels",
                         std::to_string(ch),
                         true);
        }
        for (stftc_iqfmt_t f : { STFTC_IQFMT_SIGMF,
                                 STFTC_IQFMT_CF32,
                                 STFTC_IQFMT_CI16,
                                 STFTC_IQFMT_CI8,
                                 STFTC_IQFMT_CU8 }) {
            O o = obase;
            o.channels = 1;
            check_one<O>("iqsink/complex", sink(f), o, "channels", "1", true);
            o.channels = 2;
            o.has_centre = 1;
            o.centre_hz = kNaN;
            check_one<O>("iqsink/complex", sink(f), o, "centre_hz", "nan", true);
        }
        /* (a format or datatype outside its enum cannot be formed in C++
         * without undefined behaviour: left to the C fuzz harnesses) */
        {
            stftc_error_t e;
            CPPUNIT_ASSERT(stftc_iqsink_create(nullptr, STFTC_IQFMT_WAV, &obase, &e) ==
                           nullptr);
            CPPUNIT_ASSERT(std::strstr(e.msg, "path") != nullptr);
            /* AUTO on a name without a known extension */
            CPPUNIT_ASSERT(
                stftc_iqsink_create(base_path.c_str(), STFTC_IQFMT_AUTO, &obase, &e) ==
                nullptr);
            CPPUNIT_ASSERT(std::strstr(e.msg, "format") != nullptr);
        }

        /* SigMF writer: a non-finite or non-positive sample rate and a
         * non-finite frequency are written as absent (the meta stays valid
         * JSON and reads back) */
        using M = stftc_sigmf_meta_t;
        Create<M> sigmf = [base_path](const M& m, stftc_error_t* e) {
            stftc_sigmf_writer_t* w = stftc_sigmf_create(base_path.c_str(), &m, e);
            if (w)
                stftc_sigmf_writer_close(w, nullptr);
            return w != nullptr;
        };
        M mbase = stftc_sigmf_meta_default();
        for (double v : kRealHostile) {
            for (int field = 0; field < 2; field++) {
                M m = mbase;
                if (field == 0)
                    m.sample_rate = v;
                else {
                    m.has_frequency = 1;
                    m.frequency = v;
                }
                stftc_error_t e;
                e.msg[0] = '\0';
                const bool made = sigmf(m, &e);
                const std::string ctx =
                    std::string(field ? "frequency" : "sample_rate") + " = " + num(v);
                if (!made) {
                    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, e.code < 0);
                    continue;
                }
                M back;
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    ctx + ": meta does not read back",
                    (int)STFTC_OK,
                    stftc_sigmf_meta_read((base_path + ".sigmf-meta").c_str(),
                                          &back,
                                          nullptr,
                                          nullptr,
                                          &e));
                if (field == 0)
                    CPPUNIT_ASSERT_MESSAGE(ctx,
                                           (v > 0 && std::isfinite(v))
                                               ? back.sample_rate == v
                                               : back.sample_rate == 0.0);
                else
                    CPPUNIT_ASSERT_MESSAGE(ctx,
                                           std::isfinite(v)
                                               ? back.has_frequency && back.frequency == v
                                               : !back.has_frequency);
            }
        }
        {
            stftc_error_t e;
            CPPUNIT_ASSERT(stftc_sigmf_create(nullptr, &mbase, &e) == nullptr);
            CPPUNIT_ASSERT(e.code < 0);
            CPPUNIT_ASSERT(stftc_sigmf_create(base_path.c_str(), nullptr, &e) == nullptr);
            CPPUNIT_ASSERT(e.code < 0);
            const std::string missing = std::string(dir) + "/no/such/folder/rec";
            CPPUNIT_ASSERT(stftc_sigmf_create(missing.c_str(), &mbase, &e) == nullptr);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, e.code);
        }
        const std::string rm = std::string("rm -rf ") + dir;
        CPPUNIT_ASSERT_EQUAL(0, std::system(rm.c_str()));
    }

    void testFeaturesAndBursts()
    {
        using C = stftc_features_config_t;
        Create<C> create = [](const C& c, stftc_error_t* e) {
            stftc_features_t* p = stftc_features_create(&c, e);
            stftc_features_destroy(p);
            return p != nullptr;
        };
        C base = stftc_features_config_default();
        base.fft_size = 64;
        base.sample_rate = 1e6;
        const std::vector<double> nonfinite = { kInf, -kInf };
        std::vector<RealField<C>> reals = {
            { "sample_rate",
              [](C& c, double v) { c.sample_rate = v; },
              kRateBad,
              kRateBadExtra },
            { "rolloff",
              [](C& c, double v) { c.rolloff = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "obw",
              [](C& c, double v) { c.obw = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "center_freq",
              [](C& c, double v) { c.center_freq = v; },
              { kInf, -kInf, 1e300, -1e300 },
              { 2e15, -2e15 } },
            /* checked even without cepstra (a NaN must not wait for a later
             * switch to cepstra) */
            { "fmin", [](C& c, double v) { c.fmin = v; }, nonfinite },
            { "fmax", [](C& c, double v) { c.fmax = v; }, nonfinite },
            { "lifter",
              [](C& c, double v) { c.lifter = v; },
              { kInf, -kInf, -1e300, -1.0 },
              { 0.5, 1e-300 } },
        };
        std::vector<SizeField<C>> sizes = {
            { "fft_size", [](C& c, size_t v) { c.fft_size = v; }, huge_and({ 0 }) },
        };
        C mf = base;
        mf.cepstrum = STFTC_CEPS_LFCC;
        std::vector<SizeField<C>> csizes = sizes;
        csizes.push_back(
            { "n_filters", [](C& c, size_t v) { c.n_filters = v; }, huge_and({ 0 }) });
        csizes.push_back(
            { "n_ceps", [](C& c, size_t v) { c.n_ceps = v; }, huge_and({ 0 }) });
        csizes.push_back({ "delta_width",
                           [](C& c, size_t v) {
                               c.deltas = 2;
                               c.delta_width = v;
                           },
                           huge_and({ 0 }) });
        /* with cepstra the band must lie inside the spectrum (complex
         * lfcc at 1 MHz: -500 kHz..500 kHz, fmin < fmax) */
        std::vector<RealField<C>> creals = reals;
        creals.push_back({ "fmin",
                           [](C& c, double v) { c.fmin = v; },
                           { kInf, -kInf, 1e300, -1e300 },
                           { -6e5 } });
        creals.push_back({ "fmax",
                           [](C& c, double v) { c.fmax = v; },
                           { kInf, -kInf, 1e300, -1e300, -1.0 },
                           { 6e5 } });
        sweep<C>("features", create, base, reals, sizes);
        sweep<C>("features/lfcc", create, mf, creals, csizes);

        using B = stftc_bursts_config_t;
        Create<B> bcreate = [](const B& c, stftc_error_t* e) {
            stftc_bursts_t* p = stftc_bursts_create(&c, e);
            stftc_bursts_destroy(p);
            return p != nullptr;
        };
        B bbase = stftc_bursts_config_default();
        bbase.features.fft_size = 64;
        bbase.features.sample_rate = 1e6;
        bbase.hop = 16;
        std::vector<RealField<B>> breals = {
            { "min_duration",
              [](B& c, double v) { c.min_duration = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "merge_gap",
              [](B& c, double v) { c.merge_gap = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "hang",
              [](B& c, double v) { c.hang = v; },
              { kInf, -kInf, 1e300, -1e300, -1.0 } },
            { "noise_window",
              [](B& c, double v) { c.noise_window = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "occupied_gain",
              [](B& c, double v) { c.occupied_gain = v; },
              { kInf, -kInf, 1e300, -1e300, 0.0, -1.0 } },
            { "on", [](B& c, double v) { c.on = v; }, { kInf, -kInf, 1e300, -1e300 } },
            { "sample_rate",
              [](B& c, double v) { c.features.sample_rate = v; },
              kRateBad,
              kRateBadExtra },
        };
        std::vector<SizeField<B>> bsizes = {
            { "hop", [](B& c, size_t v) { c.hop = v; }, huge_and({ 0 }) },
        };
        sweep<B>("bursts", bcreate, bbase, breals, bsizes);
        for (int64_t fc : { INT64_MAX, INT64_MIN, ((int64_t)1 << 62) + 1 }) {
            B c = bbase;
            c.first_center = fc;
            check_one<B>("bursts", bcreate, c, "first_center", std::to_string(fc), true);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostileTest);
