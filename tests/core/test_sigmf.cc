/* SigMF: hand-written meta files (values, escapes, sorting, errors naming the
 * field), strict JSON, time conversions against hand-worked dates, write/read
 * round trips of the .sigmf-meta/.sigmf-data pair, the meta-only mode that
 * describes an IQ WAV in place, and mutated meta texts that must never crash.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/iqfile.h>
#include <stftclean/sigmf.h>

#include <unistd.h>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using fvec = std::vector<float>;

std::string tmp_base(const std::string& name)
{
    return "/tmp/core_sigmf_" + std::to_string(getpid()) + "_" + name;
}

void write_text(const std::string& path, const std::string& text)
{
    FILE* f = fopen(path.c_str(), "wb");
    CPPUNIT_ASSERT(f);
    CPPUNIT_ASSERT_EQUAL(text.size(), fwrite(text.data(), 1, text.size(), f));
    fclose(f);
}

std::string read_text(const std::string& path)
{
    std::string s;
    FILE* f = fopen(path.c_str(), "rb");
    CPPUNIT_ASSERT(f);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        s.append(buf, n);
    fclose(f);
    return s;
}

struct Parsed {
    stftc_sigmf_meta_t m;
    stftc_sigmf_annotation_t* a = nullptr;
    size_t n = 0;
    stftc_error_t e{};
    int rc;
    explicit Parsed(const std::string& t)
    {
        rc = stftc_sigmf_meta_parse(t.data(), t.size(), &m, &a, &n, &e);
    }
    ~Parsed() { free(a); }
};

const char* kMeta = R"({
  "global": {
    "core:datatype": "ci16_le",
    "core:version": "1.2.0",
    "core:sample_rate": 2000000,
    "core:description": "caf\u00e9 \"quoted\" \\ line\nnext",
    "core:extensions": [{"name": "x", "version": "1", "optional": true}],
    "unknown:thing": {"deep": [1, 2, {"a": null}]}
  },
  "captures": [
    {"core:sample_start": 0, "core:frequency": 1.4204e9,
     "core:datetime": "2024-02-29T12:34:56.789Z", "core:header_bytes": 216}
  ],
  "annotations": [
    {"core:sample_start": 5000, "core:sample_count": 10, "core:label": "second"},
    {"core:sample_start": 100, "core:sample_count": 20,
     "core:freq_lower_edge": 1420300000.5, "core:freq_upper_edge": 1420500000,
     "core:label": "first \ud83d\ude00", "core:generator": "gr-stftclean",
     "stftclean:snr_db": 12.5, "stftclean:power_db": -30}
  ]
})";

class SigmfTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SigmfTest);
    CPPUNIT_TEST(testTime);
    CPPUNIT_TEST(testParseHandWritten);
    CPPUNIT_TEST(testParseErrors);
    CPPUNIT_TEST(testTruncatedAndMutatedNoCrash);
    CPPUNIT_TEST(testRoundTripPair);
    CPPUNIT_TEST(testWriterFlushLeavesValidMeta);
    CPPUNIT_TEST(testDescribeWav);
    CPPUNIT_TEST(testHostileDataSizes);
    CPPUNIT_TEST(testPaths);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTime()
    {
        stftc_systemtime_t t;
        double frac = 0;
        /* 2024-02-29 12:34:56 UTC: 19782 days after 1970-01-01 (54 years
         * with 13 leap days + 59 days of 2024) -> 1709210096 s; a Thursday. */
        CPPUNIT_ASSERT_EQUAL(
            0, stftc_time_from_iso8601("2024-02-29T12:34:56.789Z", &t, &frac));
        CPPUNIT_ASSERT_EQUAL((int64_t)1709210096, stftc_time_to_unix(&t));
        CPPUNIT_ASSERT_EQUAL(4, (int)t.day_of_week);
        CPPUNIT_ASSERT_EQUAL(789, (int)t.millisecond);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.789, frac, 1e-12);
        char buf[40];
        stftc_time_to_iso8601(&t, buf, sizeof buf);
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29T12:34:56.789Z"), std::string(buf));
        /* offsets are folded into UTC, across a day and a year boundary */
        CPPUNIT_ASSERT_EQUAL(0,
                             stftc_time_from_iso8601("2000-01-01T01:30:00+02:00", &t, 0));
        stftc_time_to_iso8601(&t, buf, sizeof buf);
        CPPUNIT_ASSERT_EQUAL(std::string("1999-12-31T23:30:00.000Z"), std::string(buf));
        CPPUNIT_ASSERT_EQUAL(0, stftc_time_from_iso8601("1970-01-01T00:00:00Z", &t, 0));
        CPPUNIT_ASSERT_EQUAL((int64_t)0, stftc_time_to_unix(&t));
        stftc_time_from_unix(-1, &t);
        CPPUNIT_ASSERT_EQUAL(1969, (int)t.year);
        CPPUNIT_ASSERT_EQUAL(59, (int)t.second);
        CPPUNIT_ASSERT_EQUAL(3, (int)t.day_of_week); /* Wednesday */
        const char* bad[] = { "2023-02-29T00:00:00Z",    "2024-13-01T00:00:00Z",
                              "2024-01-01T24:00:00Z",    "2024-01-01T00:00:00",
                              "2024-01-01 00:00:00Z",    "2024-01-01T00:00:00.Z",
                              "2024-01-01T00:00:00Zx",   "",
                              "2024-01-01T00:00:00+2:00" };
        for (const char* s : bad)
            CPPUNIT_ASSERT_MESSAGE(s, stftc_time_from_iso8601(s, &t, 0) != 0);
    }

    void testParseHandWritten()
    {
        Parsed p(kMeta);
        CPPUNIT_ASSERT_MESSAGE(p.e.msg, p.rc == STFTC_OK);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_RAW_CI16, (int)p.m.datatype);
        CPPUNIT_ASSERT_EQUAL(2e6, p.m.sample_rate);
        CPPUNIT_ASSERT(p.m.has_frequency);
        CPPUNIT_ASSERT_EQUAL(1.4204e9, p.m.frequency);
        CPPUNIT_ASSERT(p.m.has_datetime);
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29T12:34:56.789Z"),
                             std::string(p.m.datetime));
        CPPUNIT_ASSERT_EQUAL((uint64_t)216, p.m.header_bytes);
        CPPUNIT_ASSERT_EQUAL(std::string("caf\xc3\xa9 \"quoted\" \\ line\nnext"),
                             std::string(p.m.description));
        CPPUNIT_ASSERT_EQUAL((size_t)2, p.n);
        /* sorted by start */
        CPPUNIT_ASSERT_EQUAL((uint64_t)100, p.a[0].sample_start);
        CPPUNIT_ASSERT_EQUAL((uint64_t)20, p.a[0].sample_count);
        CPPUNIT_ASSERT(p.a[0].has_freq);
        CPPUNIT_ASSERT_EQUAL(1420300000.5, p.a[0].freq_lower_edge);
        CPPUNIT_ASSERT_EQUAL(1420500000.0, p.a[0].freq_upper_edge);
        CPPUNIT_ASSERT_EQUAL(std::string("first \xf0\x9f\x98\x80"),
                             std::string(p.a[0].label));
        CPPUNIT_ASSERT_EQUAL(std::string("gr-stftclean"), std::string(p.a[0].generator));
        CPPUNIT_ASSERT(p.a[0].has_snr && p.a[0].snr_db == 12.5);
        CPPUNIT_ASSERT(p.a[0].has_power && p.a[0].power_db == -30.0);
        CPPUNIT_ASSERT_EQUAL((uint64_t)5000, p.a[1].sample_start);
        CPPUNIT_ASSERT(!p.a[1].has_freq && !p.a[1].has_snr);
        CPPUNIT_ASSERT_EQUAL(std::string("second"), std::string(p.a[1].label));

        /* a long label is cut at a character boundary, never mid-sequence */
        std::string lab;
        for (int i = 0; i < 40; i++)
            lab += "\xc3\xa9";
        Parsed q(std::string("{\"global\":{\"core:datatype\":\"cu8\"},\"annotations\":"
                             "[{\"core:sample_start\":0,\"core:label\":\"") +
                 lab + "\"}]}");
        CPPUNIT_ASSERT_MESSAGE(q.e.msg, q.rc == STFTC_OK);
        const size_t ll = strlen(q.a[0].label);
        CPPUNIT_ASSERT(ll <= STFTC_SIGMF_TEXT_LEN - 1 && ll % 2 == 0 && ll >= 60);
    }

    void testParseErrors()
    {
        const std::string g = "{\"global\":{\"core:datatype\":\"cf32_le\"";
        struct {
            std::string text;
            const char* expect;
        } cases[] = {
            { "", "not valid JSON" },
            { "{", "not valid JSON" },
            { "[1,]", "not valid JSON" },
            { "{\"global\":{},}", "not valid JSON" },
            { "{\"a\":01}", "not valid JSON" },
            { "{\"a\":1.}", "not valid JSON" },
            { "{\"a\":\"\\x\"}", "bad escape" },
            { "{\"a\":\"\\u12G4\"}", "\\u" },
            { std::string("{\"a\":\"x\x01y\"}"), "control character" },
            { std::string("{\"a\":\"\xff\"}"), "UTF-8" },
            { std::string("{\"a\":\"\xc0\xaf\"}"), "UTF-8" }, /* overlong '/' */
            { std::string("{\"a\":1}\0", 8), "after the value" },
            { "{} {}", "after the value" },
            { "[]", "top level" },
            { "{}", "global" },
            { "{\"global\":[]}", "global" },
            { "{\"global\":{}}", "core:datatype" },
            { "{\"global\":{\"core:datatype\":5}}", "core:datatype" },
            { "{\"global\":{\"core:datatype\":\"rf32_le\"}}", "rf32_le" },
            { g + ",\"core:num_channels\":2}}", "num_channels" },
            { g + ",\"core:sample_rate\":0}}", "sample_rate" },
            { g + ",\"core:sample_rate\":1e999}}", "sample_rate" },
            { g + ",\"core:sample_rate\":\"2e6\"}}", "sample_rate" },
            { g + ",\"core:dataset\":\"../x.wav\"}}", "core:dataset" },
            { g + ",\"core:dataset\":\"\"}}", "core:dataset" },
            { g + ",\"core:trailing_bytes\":-1}}", "trailing_bytes" },
            { g + "},\"captures\":{}}", "captures" },
            { g + "},\"captures\":[5]}", "captures[0]" },
            { g + "},\"captures\":[{\"core:datetime\":\"yesterday\"}]}",
              "core:datetime" },
            { g + "},\"captures\":[{\"core:header_bytes\":1.5}]}", "header_bytes" },
            { g + "},\"annotations\":{}}", "annotations" },
            { g + "},\"annotations\":[{}]}", "annotations[0].core:sample_start" },
            { g + "},\"annotations\":[{\"core:sample_start\":0},3]}", "annotations[1]" },
            { g + "},\"annotations\":[{\"core:sample_start\":18446744073709551616}]}",
              "sample_start" },
            { g + "},\"annotations\":[{\"core:sample_start\":1,\"core:sample_count\":-4}]"
                  "}",
              "sample_count" },
            { g + "},\"annotations\":[{\"core:sample_start\":1,\"core:freq_lower_edge\":"
                  "4}]}",
              "give both" },
            { g + "},\"annotations\":[{\"core:sample_start\":1,\"core:label\":7}]}",
              "core:label" },
        };
        for (const auto& c : cases) {
            Parsed p(c.text);
            CPPUNIT_ASSERT_MESSAGE(c.text, p.rc == STFTC_ERR_FORMAT);
            CPPUNIT_ASSERT_MESSAGE(c.text + " -> " + p.e.msg,
                                   strstr(p.e.msg, c.expect) != nullptr);
            CPPUNIT_ASSERT(p.a == nullptr && p.n == 0);
        }
        /* nesting: 64 levels are fine, 65 are refused (no deep recursion) */
        std::string deep = g + ",\"x\":";
        for (int i = 0; i < 62; i++)
            deep += "[";
        for (int i = 0; i < 62; i++)
            deep += "]";
        Parsed ok(deep + "}}");
        CPPUNIT_ASSERT_MESSAGE(ok.e.msg, ok.rc == STFTC_OK);
        std::string deeper = std::string(100000, '[') + std::string(100000, ']');
        Parsed bad(deeper);
        CPPUNIT_ASSERT(strstr(bad.e.msg, "nested too deeply"));
        /* the size cap is checked before anything is read */
        stftc_sigmf_meta_t m;
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_ERR_FORMAT,
            stftc_sigmf_meta_parse(
                "{}", STFTC_SIGMF_MAX_META + 1, &m, nullptr, nullptr, &e));
    }

    void testTruncatedAndMutatedNoCrash()
    {
        const std::string t = kMeta;
        /* every prefix but the whole text is invalid */
        for (size_t n = 0; n < t.size(); n++) {
            Parsed p(t.substr(0, n));
            CPPUNIT_ASSERT(p.rc != STFTC_OK ||
                           t.substr(n).find_first_not_of(" \n}") == std::string::npos);
        }
        std::mt19937 rng(5);
        const char alphabet[] = "{}[],:\"\\0123456789.eE+-tfnu \n\x80\xff";
        size_t accepted = 0;
        for (int k = 0; k < 20000; k++) {
            std::string s = t;
            const int edits = 1 + (int)(rng() % 4);
            for (int j = 0; j < edits; j++) {
                const size_t at = rng() % s.size();
                switch (rng() % 3) {
                case 0:
                    s[at] = alphabet[rng() % (sizeof alphabet - 1)];
                    break;
                case 1:
                    s.erase(at, 1 + rng() % 8);
                    break;
                default:
                    s.insert(at, 1, alphabet[rng() % (sizeof alphabet - 1)]);
                }
                if (s.empty())
                    s = "x";
            }
            Parsed p(s);
            if (p.rc == STFTC_OK) {
                accepted++;
                CPPUNIT_ASSERT(p.n <= s.size() / 23 + 1);
                for (size_t i = 1; i < p.n; i++)
                    CPPUNIT_ASSERT(p.a[i - 1].sample_start <= p.a[i].sample_start);
            } else {
                CPPUNIT_ASSERT(p.e.msg[0] != '\0');
            }
        }
        CPPUNIT_ASSERT(accepted > 0 && accepted < 20000);
    }

    void roundtrip(stftc_raw_format_t fmt, double tol)
    {
        const std::string base =
            tmp_base(std::string("rt_") + stftc_sigmf_datatype_name(fmt));
        stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
        m.datatype = fmt;
        m.sample_rate = 2.4e6;
        m.has_frequency = 1;
        m.frequency = 433.92e6;
        m.has_datetime = 1;
        strcpy(m.datetime, "2025-06-01T08:00:00.250Z");
        strcpy(m.description, "tab\there \"q\" \x01");
        stftc_error_t e;
        stftc_sigmf_writer_t* w =
            stftc_sigmf_create((base + ".sigmf-data").c_str(), &m, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, w);
        const size_t n = 5000;
        fvec x(2 * n);
        std::mt19937 rng(1);
        std::uniform_real_distribution<float> u(-0.99f, 0.99f);
        for (auto& v : x)
            v = u(rng);
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_write(w, x.data(), 3000));
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_write(w, x.data() + 6000, n - 3000));
        for (int i = 9; i >= 0; i--) {
            stftc_sigmf_annotation_t a = stftc_sigmf_annotation_default();
            a.sample_start = (uint64_t)i * 400;
            a.sample_count = 100 + i;
            a.has_freq = 1;
            a.freq_lower_edge = 433.92e6 + 1000.0 * i + 0.25;
            a.freq_upper_edge = a.freq_lower_edge - 5000.0; /* swapped: writer orders */
            snprintf(a.label, sizeof a.label, "burst %d", i);
            strcpy(a.generator, "gr-stftclean");
            a.has_snr = i % 2;
            a.snr_db = 3.0 + i;
            CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_writer_annotate(w, &a));
        }
        CPPUNIT_ASSERT_EQUAL((uint64_t)n, stftc_sigmf_writer_samples(w));
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_writer_close(w, &e));

        stftc_sigmf_reader_t* r = stftc_sigmf_open((base + ".sigmf-meta").c_str(), &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, r);
        const stftc_sigmf_meta_t* rm = stftc_sigmf_reader_meta(r);
        CPPUNIT_ASSERT_EQUAL((int)fmt, (int)rm->datatype);
        CPPUNIT_ASSERT_EQUAL(2.4e6, rm->sample_rate);
        CPPUNIT_ASSERT_EQUAL(433.92e6, rm->frequency);
        CPPUNIT_ASSERT_EQUAL(std::string(m.datetime), std::string(rm->datetime));
        CPPUNIT_ASSERT_EQUAL(std::string(m.description), std::string(rm->description));
        CPPUNIT_ASSERT_EQUAL((uint64_t)n, stftc_sigmf_reader_samples(r));
        fvec y(2 * n + 2);
        CPPUNIT_ASSERT_EQUAL(n, stftc_sigmf_read(r, y.data(), n + 1));
        for (size_t i = 0; i < 2 * n; i++)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(x[i], y[i], tol);
        size_t na = 0;
        const stftc_sigmf_annotation_t* a = stftc_sigmf_reader_annotations(r, &na);
        CPPUNIT_ASSERT_EQUAL((size_t)10, na);
        for (size_t i = 0; i < na; i++) {
            CPPUNIT_ASSERT_EQUAL((uint64_t)i * 400, a[i].sample_start);
            CPPUNIT_ASSERT_EQUAL((uint64_t)(100 + i), a[i].sample_count);
            const double lo = 433.92e6 + 1000.0 * i + 0.25;
            CPPUNIT_ASSERT_EQUAL(lo - 5000.0, a[i].freq_lower_edge);
            CPPUNIT_ASSERT_EQUAL(lo, a[i].freq_upper_edge);
            CPPUNIT_ASSERT_EQUAL(std::string("burst ") + std::to_string(i),
                                 std::string(a[i].label));
            CPPUNIT_ASSERT_EQUAL((int)(i % 2), a[i].has_snr);
        }
        /* seek then read */
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_seek(r, 4999));
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_sigmf_read(r, y.data(), 10));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(x[9998], y[0], tol);
        stftc_sigmf_close(r);
        const std::string text = read_text(base + ".sigmf-meta");
        CPPUNIT_ASSERT(text.find("\"core:version\": \"1.2.0\"") != std::string::npos);
        CPPUNIT_ASSERT(text.find("\"name\": \"stftclean\"") != std::string::npos);
        unlink((base + ".sigmf-meta").c_str());
        unlink((base + ".sigmf-data").c_str());
    }

    void testRoundTripPair()
    {
        roundtrip(STFTC_RAW_CF32, 0.0);
        roundtrip(STFTC_RAW_CI16, 0.5 / 32768 + 1e-7);
        roundtrip(STFTC_RAW_CI8, 0.5 / 128 + 1e-6);
        roundtrip(STFTC_RAW_CU8, 0.5 / 128 + 1e-6);
    }

    void testWriterFlushLeavesValidMeta()
    {
        const std::string base = tmp_base("flush");
        stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
        stftc_error_t e;
        stftc_sigmf_writer_t* w = stftc_sigmf_create(base.c_str(), &m, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, w);
        fvec x(200, 0.5f);
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_write(w, x.data(), 100));
        stftc_sigmf_annotation_t a = stftc_sigmf_annotation_default();
        a.sample_start = 7;
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_writer_annotate(w, &a));
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_writer_flush(w, &e));
        /* read while the writer is still open (as after a kill) */
        stftc_sigmf_reader_t* r = stftc_sigmf_open(base.c_str(), &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, r);
        CPPUNIT_ASSERT_EQUAL((uint64_t)100, stftc_sigmf_reader_samples(r));
        size_t na = 0;
        stftc_sigmf_reader_annotations(r, &na);
        CPPUNIT_ASSERT_EQUAL((size_t)1, na);
        stftc_sigmf_close(r);
        CPPUNIT_ASSERT(access((base + ".sigmf-meta.tmp").c_str(), F_OK) != 0);
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_writer_close(w, &e));
        unlink((base + ".sigmf-meta").c_str());
        unlink((base + ".sigmf-data").c_str());
        /* bad arguments */
        m.datatype = (stftc_raw_format_t)9;
        CPPUNIT_ASSERT(!stftc_sigmf_create(base.c_str(), &m, &e));
        CPPUNIT_ASSERT(strstr(e.msg, "datatype"));
        m.datatype = STFTC_RAW_CF32;
        CPPUNIT_ASSERT(!stftc_sigmf_create("/nonexistent/dir/x", &m, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, e.code);
    }

    void testDescribeWav()
    {
        const std::string dir = tmp_base("wavdir");
        const std::string wav = dir + "_rec.wav";
        stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
        o.format = STFTC_WAV_PCM;
        o.channels = 2;
        o.sample_rate = 2000000;
        o.write_auxi = 1;
        o.centre_freq_hz = 7100000;
        o.start_time = { 2025, 3, 0, 14, 9, 26, 53, 589 };
        stftc_error_t e;
        stftc_iqwav_writer_t* w = stftc_iqwav_create(wav.c_str(), &o, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, w);
        const size_t n = 3000;
        fvec x(2 * n);
        for (size_t i = 0; i < n; i++) {
            x[2 * i] = (float)std::cos(0.01 * i) * 0.7f;
            x[2 * i + 1] = (float)std::sin(0.01 * i) * 0.7f;
        }
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_write(w, x.data(), n));
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_close(w, &e));
        /* a trailing chunk after the data, as some recorders append */
        FILE* f = fopen(wav.c_str(), "ab");
        fwrite("LIST\x04\0\0\0abcd", 1, 12, f);
        fclose(f);

        stftc_iqwav_reader_t* wr = stftc_iqwav_open(wav.c_str(), nullptr, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, wr);
        const uint64_t off = stftc_iqwav_info(wr)->data_offset;
        fvec ref(2 * n);
        CPPUNIT_ASSERT_EQUAL(n, stftc_iqwav_read(wr, ref.data(), n));
        stftc_iqwav_close(wr);

        stftc_sigmf_annotation_t a = stftc_sigmf_annotation_default();
        a.sample_start = 10;
        a.sample_count = 5;
        CPPUNIT_ASSERT_EQUAL(0,
                             stftc_sigmf_describe_wav(wav.c_str(), nullptr, &a, 1, &e));
        const std::string meta = dir + "_rec.sigmf-meta";
        stftc_sigmf_reader_t* r = stftc_sigmf_open(meta.c_str(), &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, r);
        const stftc_sigmf_meta_t* m = stftc_sigmf_reader_meta(r);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_RAW_CI16, (int)m->datatype);
        CPPUNIT_ASSERT_EQUAL(off, m->header_bytes);
        CPPUNIT_ASSERT_EQUAL((uint64_t)12, m->trailing_bytes);
        CPPUNIT_ASSERT_EQUAL(2e6, m->sample_rate);
        CPPUNIT_ASSERT_EQUAL(7.1e6, m->frequency);
        CPPUNIT_ASSERT_EQUAL(std::string("2025-03-14T09:26:53.589Z"),
                             std::string(m->datetime));
        CPPUNIT_ASSERT(strstr(m->dataset, "_rec.wav"));
        CPPUNIT_ASSERT_EQUAL((uint64_t)n, stftc_sigmf_reader_samples(r));
        fvec y(2 * n);
        CPPUNIT_ASSERT_EQUAL(n, stftc_sigmf_read(r, y.data(), n));
        for (size_t i = 0; i < 2 * n; i++)
            CPPUNIT_ASSERT_EQUAL(ref[i], y[i]);
        stftc_sigmf_close(r);
        /* a meta in another folder could not name the WAV: refused */
        CPPUNIT_ASSERT(stftc_sigmf_describe_wav(
                           wav.c_str(), "/nonexistent/x.sigmf-meta", nullptr, 0, &e) !=
                       0);
        CPPUNIT_ASSERT(strstr(e.msg, "folder"));
        unlink(meta.c_str());
        unlink(wav.c_str());
    }

    void testHostileDataSizes()
    {
        const std::string base = tmp_base("hostile");
        write_text(base + ".sigmf-data", std::string(10, '\0'));
        const std::string g = "{\"global\":{\"core:datatype\":\"ci16_le\"";
        write_text(base + ".sigmf-meta",
                   g + "},\"captures\":[{\"core:header_bytes\":11}]}");
        stftc_error_t e;
        CPPUNIT_ASSERT(!stftc_sigmf_open(base.c_str(), &e));
        CPPUNIT_ASSERT(strstr(e.msg, "exceed the file size"));
        write_text(base + ".sigmf-meta",
                   g + ",\"core:trailing_bytes\":18446744073709551615}}");
        CPPUNIT_ASSERT(!stftc_sigmf_open(base.c_str(), &e));
        /* 10 bytes of ci16 = 2 whole samples and a partial one */
        write_text(base + ".sigmf-meta", g + "}}");
        stftc_sigmf_reader_t* r = stftc_sigmf_open(base.c_str(), &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, r);
        CPPUNIT_ASSERT_EQUAL((uint64_t)2, stftc_sigmf_reader_samples(r));
        CPPUNIT_ASSERT(stftc_sigmf_reader_truncated(r));
        stftc_sigmf_close(r);
        /* a missing data file */
        unlink((base + ".sigmf-data").c_str());
        CPPUNIT_ASSERT(!stftc_sigmf_open(base.c_str(), &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, e.code);
        unlink((base + ".sigmf-meta").c_str());
        CPPUNIT_ASSERT(!stftc_sigmf_open(base.c_str(), &e));
    }

    void testPaths()
    {
        char m[64], d[64];
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_paths("a/b.sigmf-data", m, d, sizeof m));
        CPPUNIT_ASSERT_EQUAL(std::string("a/b.sigmf-meta"), std::string(m));
        CPPUNIT_ASSERT_EQUAL(std::string("a/b.sigmf-data"), std::string(d));
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_paths("rec", m, d, sizeof m));
        CPPUNIT_ASSERT_EQUAL(std::string("rec.sigmf-meta"), std::string(m));
        CPPUNIT_ASSERT_EQUAL(0, stftc_sigmf_paths("rec.", m, d, sizeof m));
        CPPUNIT_ASSERT_EQUAL(std::string("rec.sigmf-data"), std::string(d));
        CPPUNIT_ASSERT(stftc_sigmf_paths(".sigmf-meta", m, d, sizeof m) != 0);
        CPPUNIT_ASSERT(stftc_sigmf_paths("rec", m, d, 8) != 0);
    }
};

} // namespace

CPPUNIT_TEST_SUITE_REGISTRATION(SigmfTest);
