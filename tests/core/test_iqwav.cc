/* IQ WAV reader and writer: round trips, a hand-built SDRuno-style file,
 * size recovery, corrupt inputs, the RF64 switch, a writer killed mid-way.
 * Every expected value is computed here from the bytes, independently of
 * the code under test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/iqfile.h>

#include <unistd.h>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace {

using bytes = std::vector<unsigned char>;
using fvec = std::vector<float>;

std::string tmp_path(const std::string& name)
{
    return "/tmp/core_iqwav_" + std::to_string(getpid()) + "_" + name + ".wav";
}

void put16(bytes& b, uint16_t v)
{
    b.push_back((unsigned char)v);
    b.push_back((unsigned char)(v >> 8));
}
void put32(bytes& b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b.push_back((unsigned char)(v >> (8 * i)));
}
void put_id(bytes& b, const char* id)
{
    for (int i = 0; i < 4; i++)
        b.push_back((unsigned char)id[i]);
}
void put64(bytes& b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}
void set32(bytes& b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b.at(at + i) = (unsigned char)(v >> (8 * i));
}

/* start + frames / rate (milliseconds truncated), through the C library's
 * timegm / gmtime_r, as the auxi stop time a writer must leave. */
stftc_systemtime_t
expect_stop(const stftc_systemtime_t& st, uint64_t frames, uint32_t rate)
{
    struct tm tm;
    std::memset(&tm, 0, sizeof tm);
    tm.tm_year = st.year - 1900;
    tm.tm_mon = st.month - 1;
    tm.tm_mday = st.day;
    tm.tm_hour = st.hour;
    tm.tm_min = st.minute;
    tm.tm_sec = st.second;
    const uint64_t ms = st.millisecond + frames * 1000u / rate;
    const time_t t = timegm(&tm) + (time_t)(ms / 1000u);
    struct tm out;
    gmtime_r(&t, &out);
    stftc_systemtime_t r;
    r.year = (uint16_t)(out.tm_year + 1900);
    r.month = (uint16_t)(out.tm_mon + 1);
    r.day_of_week = (uint16_t)out.tm_wday;
    r.day = (uint16_t)out.tm_mday;
    r.hour = (uint16_t)out.tm_hour;
    r.minute = (uint16_t)out.tm_min;
    r.second = (uint16_t)out.tm_sec;
    r.millisecond = (uint16_t)(ms % 1000u);
    return r;
}

void expect_time(const stftc_systemtime_t& want,
                 const stftc_systemtime_t& got,
                 const std::string& ctx)
{
    char a[80], b[80];
    std::snprintf(a,
                  sizeof a,
                  "%04u-%02u-%02u (dow %u) %02u:%02u:%02u.%03u",
                  want.year,
                  want.month,
                  want.day,
                  want.day_of_week,
                  want.hour,
                  want.minute,
                  want.second,
                  want.millisecond);
    std::snprintf(b,
                  sizeof b,
                  "%04u-%02u-%02u (dow %u) %02u:%02u:%02u.%03u",
                  got.year,
                  got.month,
                  got.day,
                  got.day_of_week,
                  got.hour,
                  got.minute,
                  got.second,
                  got.millisecond);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, std::string(a), std::string(b));
}

void fmt_chunk(bytes& b, uint16_t tag, uint16_t ch, uint32_t rate, uint16_t bits)
{
    put_id(b, "fmt ");
    put32(b, 16);
    put16(b, tag);
    put16(b, ch);
    put32(b, rate);
    put32(b, rate * ch * bits / 8);
    put16(b, (uint16_t)(ch * bits / 8));
    put16(b, bits);
}

/* RIFF header + fmt + data chunk with the given raw sample bytes. */
bytes simple_wav(uint16_t tag, uint16_t ch, uint32_t rate, uint16_t bits, const bytes& d)
{
    bytes b;
    put_id(b, "RIFF");
    put32(b, 0);
    put_id(b, "WAVE");
    fmt_chunk(b, tag, ch, rate, bits);
    put_id(b, "data");
    put32(b, (uint32_t)d.size());
    b.insert(b.end(), d.begin(), d.end());
    set32(b, 4, (uint32_t)(b.size() - 8));
    return b;
}

void save(const std::string& path, const bytes& b)
{
    FILE* f = fopen(path.c_str(), "wb");
    CPPUNIT_ASSERT(f);
    if (!b.empty())
        CPPUNIT_ASSERT_EQUAL(b.size(), fwrite(b.data(), 1, b.size(), f));
    fclose(f);
}

struct Reader {
    stftc_iqwav_reader_t* r = nullptr;
    stftc_error_t e;
    Reader(const std::string& path, int swap = 0)
    {
        stftc_iqwav_options_t o = stftc_iqwav_options_default();
        o.swap_iq = swap;
        e.code = 1;
        r = stftc_iqwav_open(path.c_str(), &o, &e);
    }
    ~Reader() { stftc_iqwav_close(r); }
    const stftc_iqwav_info_t& info() const { return *stftc_iqwav_info(r); }
    /* everything, read in odd-sized pieces */
    fvec all()
    {
        fvec out;
        const unsigned ch = stftc_iqwav_channels(r);
        fvec buf(37 * ch);
        size_t n;
        while ((n = stftc_iqwav_read(r, buf.data(), 37)) > 0)
            out.insert(out.end(), buf.begin(), buf.begin() + n * ch);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_error(r));
        return out;
    }
};

void expect_equal(const fvec& want, const fvec& got, const std::string& ctx)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx + " size", want.size(), got.size());
    for (size_t i = 0; i < want.size(); i++)
        if (std::memcmp(&want[i], &got[i], sizeof(float)) != 0)
            CPPUNIT_FAIL(ctx + ": sample " + std::to_string(i) + " want " +
                         std::to_string(want[i]) + " got " + std::to_string(got[i]));
}

/* Expect open to fail with a message containing what. */
void expect_refused(const bytes& b, const std::string& what, const std::string& name)
{
    const std::string p = tmp_path(name);
    save(p, b);
    Reader r(p);
    unlink(p.c_str());
    CPPUNIT_ASSERT_MESSAGE(name + ": accepted", r.r == nullptr);
    CPPUNIT_ASSERT_MESSAGE(name, r.e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(name + ": message '" + r.e.msg + "' lacks '" + what + "'",
                           std::string(r.e.msg).find(what) != std::string::npos);
}

float pcm16_expect(float x)
{
    if (std::isnan(x))
        return 0.0f;
    double v = std::nearbyint((double)x * 32768.0);
    v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    return (float)(v / 32768.0);
}

fvec test_signal(size_t n, unsigned seed)
{
    std::mt19937 g(seed);
    std::uniform_real_distribution<float> u(-1.3f, 1.3f);
    fvec x(n);
    for (auto& v : x)
        v = u(g);
    if (n > 8) {
        x[0] = 1.0f;
        x[1] = -1.0f;
        x[2] = 32767.0f / 32768.0f;
        x[3] = NAN;
        x[4] = 0.5f / 32768.0f; /* ties round to even */
        x[5] = 1.5f / 32768.0f;
    }
    return x;
}

class IqwavTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IqwavTest);
    CPPUNIT_TEST(testRoundTrip);
    CPPUNIT_TEST(testHandBuiltSdruno);
    CPPUNIT_TEST(testAuxiLongShort);
    CPPUNIT_TEST(testDecodeFormats);
    CPPUNIT_TEST(testSizeRecovery);
    CPPUNIT_TEST(testHandBuiltRf64);
    CPPUNIT_TEST(testExtensible);
    CPPUNIT_TEST(testCorrupt);
    CPPUNIT_TEST(testFuzzNoCrash);
    CPPUNIT_TEST(testRf64Switch);
    CPPUNIT_TEST(testKilledWriter);
    CPPUNIT_TEST(testFirstSamplesPatched);
    CPPUNIT_TEST(testWriterArgs);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRoundTrip()
    {
        for (int fmt = 0; fmt < 2; fmt++) {
            for (unsigned ch = 1; ch <= 2; ch++) {
                const std::string ctx =
                    std::string(fmt ? "float" : "pcm16") + " ch=" + std::to_string(ch);
                const std::string p = tmp_path("rt");
                stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
                o.format = fmt ? STFTC_WAV_FLOAT : STFTC_WAV_PCM;
                o.channels = ch;
                o.sample_rate = 48000;
                o.patch_interval = 100;
                o.write_auxi = 1;
                o.centre_freq_hz = 14074000;
                /* the last 10 ms of 2026, a Thursday: the 1003 frames
                 * (20.9 ms) end in the next year */
                o.start_time = { 2026, 12, 4, 31, 23, 59, 59, 990 };
                stftc_error_t e;
                stftc_iqwav_writer_t* w = stftc_iqwav_create(p.c_str(), &o, &e);
                CPPUNIT_ASSERT_MESSAGE(e.msg, w);
                const size_t frames = 1003;
                fvec x = test_signal(frames * ch, 7 + ch + 10 * fmt);
                CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_write(w, x.data(), 500));
                CPPUNIT_ASSERT_EQUAL(
                    0, stftc_iqwav_write(w, x.data() + 500 * ch, frames - 500));
                CPPUNIT_ASSERT_EQUAL((uint64_t)frames, stftc_iqwav_writer_frames(w));
                CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_close(w, &e));
                fvec want(x);
                if (!fmt)
                    for (auto& v : want)
                        v = pcm16_expect(v);
                Reader r(p);
                CPPUNIT_ASSERT_MESSAGE(ctx + r.e.msg, r.r);
                const stftc_iqwav_info_t& in = r.info();
                CPPUNIT_ASSERT_EQUAL(ch, in.channels);
                CPPUNIT_ASSERT_EQUAL(48000u, in.sample_rate);
                CPPUNIT_ASSERT_EQUAL(fmt ? 32u : 16u, in.bits);
                CPPUNIT_ASSERT_EQUAL((uint64_t)frames, in.frames);
                CPPUNIT_ASSERT_EQUAL(0, in.is_rf64);
                CPPUNIT_ASSERT_EQUAL(0, in.size_recovered);
                CPPUNIT_ASSERT(in.has_auxi && in.centre_freq_present);
                CPPUNIT_ASSERT_EQUAL(14074000u, in.centre_freq_hz);
                CPPUNIT_ASSERT(in.start_time_present && in.stop_time_present);
                expect_time(o.start_time, in.start_time, ctx + " start");
                const stftc_systemtime_t stop = expect_stop(o.start_time, frames, 48000);
                CPPUNIT_ASSERT_EQUAL((uint16_t)2027, stop.year); /* the reference */
                CPPUNIT_ASSERT_EQUAL((uint16_t)10, stop.millisecond);
                expect_time(stop, in.stop_time, ctx + " stop");
                CPPUNIT_ASSERT(in.adc_freq_present);
                CPPUNIT_ASSERT_EQUAL(48000u, in.adc_freq_hz);
                CPPUNIT_ASSERT_EQUAL(68u, in.auxi_size);
                expect_equal(want, r.all(), ctx);
                unlink(p.c_str());
            }
        }
    }

    void testHandBuiltSdruno()
    {
        /* fmt (24) + auxi (8 + 146) + odd unknown chunk (8 + 9 + pad) puts the
         * data at offset 216 as in SDRuno recordings. */
        bytes b;
        put_id(b, "RIFF");
        put32(b, 0);
        put_id(b, "WAVE");
        fmt_chunk(b, 1, 2, 2000000, 16);
        put_id(b, "auxi");
        put32(b, 146);
        const uint16_t st[8] = { 2024, 3, 5, 15, 13, 45, 30, 250 };
        const uint16_t sp[8] = { 2024, 3, 5, 15, 14, 0, 1, 999 };
        for (uint16_t v : st)
            put16(b, v);
        for (uint16_t v : sp)
            put16(b, v);
        put32(b, 7100000);  /* centre frequency */
        put32(b, 64000000); /* ADC frequency */
        while (b.size() < 12 + 24 + 8 + 146)
            b.push_back(0xAB);
        put_id(b, "xtra");
        put32(b, 9);
        for (int i = 0; i < 9; i++)
            b.push_back((unsigned char)i);
        b.push_back(0); /* pad byte */
        put_id(b, "data");
        const int16_t iq[] = { 1, -1, 32767, -32768, 16384, -16384, 0, 100, -7, 3 };
        put32(b, sizeof iq);
        CPPUNIT_ASSERT_EQUAL((size_t)216, b.size());
        for (int16_t v : iq)
            put16(b, (uint16_t)v);
        set32(b, 4, (uint32_t)(b.size() - 8));
        const std::string p = tmp_path("sdruno");
        save(p, b);
        fvec want;
        for (int16_t v : iq)
            want.push_back((float)v / 32768.0f);
        {
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            const stftc_iqwav_info_t& in = r.info();
            CPPUNIT_ASSERT_EQUAL((uint64_t)216, in.data_offset);
            CPPUNIT_ASSERT_EQUAL((uint64_t)5, in.frames);
            CPPUNIT_ASSERT_EQUAL(2u, in.channels);
            CPPUNIT_ASSERT_EQUAL(2000000u, in.sample_rate);
            CPPUNIT_ASSERT(in.format == STFTC_WAV_PCM);
            CPPUNIT_ASSERT(in.centre_freq_present);
            CPPUNIT_ASSERT_EQUAL(7100000u, in.centre_freq_hz);
            CPPUNIT_ASSERT(in.start_time_present && in.stop_time_present);
            const stftc_systemtime_t& a = in.start_time;
            CPPUNIT_ASSERT(a.year == 2024 && a.month == 3 && a.day_of_week == 5 &&
                           a.day == 15 && a.hour == 13 && a.minute == 45 &&
                           a.second == 30 && a.millisecond == 250);
            CPPUNIT_ASSERT(in.stop_time.hour == 14 && in.stop_time.millisecond == 999);
            expect_equal(want, r.all(), "sdruno");
            /* seek back and read one frame */
            CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_seek(r.r, 2));
            float f[2];
            CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_iqwav_read(r.r, f, 1));
            CPPUNIT_ASSERT_EQUAL(want[4], f[0]);
            CPPUNIT_ASSERT_EQUAL(want[5], f[1]);
        }
        {
            Reader r(p, 1);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            fvec sw(want);
            for (size_t i = 0; i < sw.size(); i += 2)
                std::swap(sw[i], sw[i + 1]);
            expect_equal(sw, r.all(), "swap_iq");
        }
        /* auxi too short for the centre frequency (32 bytes: times only),
         * followed by the rest of the old auxi body as a JUNK chunk */
        bytes c(b);
        set32(c, 40, 32);
        std::memcpy(&c[12 + 24 + 8 + 32], "JUNK", 4);
        set32(c, 12 + 24 + 8 + 32 + 4, 146 - 32 - 8);
        const std::string p2 = tmp_path("sdruno_short_auxi");
        save(p2, c);
        {
            Reader r(p2);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            CPPUNIT_ASSERT(r.info().has_auxi && !r.info().centre_freq_present);
            CPPUNIT_ASSERT(r.info().start_time_present && r.info().stop_time_present);
            CPPUNIT_ASSERT_EQUAL((uint64_t)216, r.info().data_offset);
            expect_equal(want, r.all(), "short auxi");
        }
        unlink(p.c_str());
        unlink(p2.c_str());
    }

    /* The long auxi form (164 bytes: the SpectraVue fields, four unused
     * words and the 96-byte next-file name, as SDR# / HDSDR / SDRuno write
     * it, which puts the data at offset 216) and every shorter form: a field
     * counts as present only when the chunk holds all of it. */
    void testAuxiLongShort()
    {
        bytes body;
        const uint16_t st[8] = { 2024, 3, 5, 15, 13, 45, 30, 250 };
        const uint16_t sp[8] = { 2024, 3, 5, 15, 13, 55, 30, 0 };
        for (uint16_t v : st)
            put16(body, v);
        for (uint16_t v : sp)
            put16(body, v);
        put32(body, 433920000);              /* 32 centre */
        put32(body, 64000000);               /* 36 ADC frequency */
        put32(body, 10700000);               /* 40 IF frequency */
        put32(body, 1536000);                /* 44 bandwidth */
        put32(body, (uint32_t)(int32_t)-12); /* 48 IQ offset */
        for (int i = 0; i < 4; i++)
            put32(body, 0x11111111u * (uint32_t)(i + 1)); /* 52..67 unused */
        const std::string next = "rec_433920kHz_002.wav";
        for (size_t i = 0; i < 96; i++)
            body.push_back(i < next.size() ? (unsigned char)next[i] : 0);
        CPPUNIT_ASSERT_EQUAL((size_t)164, body.size());
        const int16_t iq[] = { 100, -200, 300, -400 };
        const std::string p = tmp_path("auxi_forms");
        for (uint32_t size :
             { 164u, 120u, 68u, 52u, 51u, 48u, 44u, 40u, 36u, 32u, 16u }) {
            const std::string ctx = "auxi size " + std::to_string(size);
            bytes b;
            put_id(b, "RIFF");
            put32(b, 0);
            put_id(b, "WAVE");
            fmt_chunk(b, 1, 2, 2000000, 16);
            put_id(b, "auxi");
            put32(b, size);
            b.insert(b.end(), body.begin(), body.begin() + size);
            if (size & 1)
                b.push_back(0);
            put_id(b, "data");
            put32(b, sizeof iq);
            if (size == 164)
                CPPUNIT_ASSERT_EQUAL((size_t)216, b.size());
            for (int16_t v : iq)
                put16(b, (uint16_t)v);
            set32(b, 4, (uint32_t)(b.size() - 8));
            save(p, b);
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(ctx + ": " + r.e.msg, r.r);
            const stftc_iqwav_info_t& in = r.info();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (uint64_t)2, in.frames);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, size, in.auxi_size);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, 1, in.start_time_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (int)(size >= 32), in.stop_time_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (int)(size >= 36), in.centre_freq_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (int)(size >= 40), in.adc_freq_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (int)(size >= 44), in.if_freq_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (int)(size >= 48), in.bandwidth_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, (int)(size >= 52), in.iq_offset_present);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                ctx, size >= 36 ? 433920000u : 0u, in.centre_freq_hz);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                ctx, size >= 40 ? 64000000u : 0u, in.adc_freq_hz);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, size >= 44 ? 10700000u : 0u, in.if_freq_hz);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                ctx, size >= 48 ? 1536000u : 0u, in.bandwidth_hz);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, size >= 52 ? -12 : 0, (int)in.iq_offset);
            /* the name field: whole, cut short by the chunk end, or absent */
            const std::string want_next = size >= 164 ? next
                                          : size > 68 ? next.substr(0, size - 68)
                                                      : "";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, want_next, std::string(in.next_file));
            expect_equal(
                fvec{ 100 / 32768.0f, -200 / 32768.0f, 300 / 32768.0f, -400 / 32768.0f },
                r.all(),
                ctx);
        }
        unlink(p.c_str());
    }

    void testDecodeFormats()
    {
        const std::string p = tmp_path("fmts");
        { /* PCM8 unsigned mono */
            bytes d = { 0, 64, 128, 192, 255 };
            save(p, simple_wav(1, 1, 8000, 8, d));
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            CPPUNIT_ASSERT_EQUAL(1u, r.info().channels);
            expect_equal({ -1.0f, -0.5f, 0.0f, 0.5f, 127.0f / 128.0f }, r.all(), "pcm8");
        }
        { /* PCM24 stereo */
            bytes d;
            const int32_t v[] = { 8388607, -8388608, 1, -1, 4194304, -2 };
            for (int32_t x : v)
                for (int k = 0; k < 3; k++)
                    d.push_back((unsigned char)((uint32_t)x >> (8 * k)));
            save(p, simple_wav(1, 2, 8000, 24, d));
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            fvec want;
            for (int32_t x : v)
                want.push_back((float)x / 8388608.0f);
            expect_equal(want, r.all(), "pcm24");
        }
        { /* PCM32 stereo */
            bytes d;
            const int32_t v[] = { INT32_MAX, INT32_MIN, 65536, -65536 };
            for (int32_t x : v)
                put32(d, (uint32_t)x);
            save(p, simple_wav(1, 2, 8000, 32, d));
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            fvec want;
            for (int32_t x : v)
                want.push_back((float)((double)x / 2147483648.0));
            expect_equal(want, r.all(), "pcm32");
        }
        { /* float32 stereo, values outside [-1, 1] kept as stored */
            bytes d;
            const float v[] = { 0.25f, -3.5f, 1e-20f, 2.0f };
            for (float x : v) {
                uint32_t u;
                std::memcpy(&u, &x, 4);
                put32(d, u);
            }
            save(p, simple_wav(3, 2, 8000, 32, d));
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            CPPUNIT_ASSERT(r.info().format == STFTC_WAV_FLOAT);
            expect_equal(fvec(v, v + 4), r.all(), "float");
        }
        unlink(p.c_str());
    }

    void testSizeRecovery()
    {
        bytes d;
        for (int i = 0; i < 20; i++)
            put16(d, (uint16_t)(int16_t)(i * 1000 - 9000));
        fvec want;
        for (int i = 0; i < 20; i++)
            want.push_back((float)(i * 1000 - 9000) / 32768.0f);
        const bytes good = simple_wav(1, 2, 1000, 16, d);
        const size_t data_size_at = 12 + 24 + 4;
        const std::string p = tmp_path("recover");
        const uint32_t bad_sizes[] = { 0, 0xFFFFFFFFu, 1000 };
        for (uint32_t s : bad_sizes) {
            bytes b(good);
            set32(b, 4, s);            /* RIFF size */
            set32(b, data_size_at, s); /* data size */
            b.push_back(0x55);         /* partial frame: dropped */
            save(p, b);
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            CPPUNIT_ASSERT_EQUAL((uint64_t)10, r.info().frames);
            CPPUNIT_ASSERT_EQUAL(1, r.info().size_recovered);
            expect_equal(want, r.all(), "recover " + std::to_string(s));
        }
        unlink(p.c_str());
    }

    /* RF64 with a ds64 chunk built by hand: the 32-bit sizes are
     * 0xFFFFFFFF, the real ones come from ds64; a ds64 data size past the end
     * of the file is recovered. */
    void testHandBuiltRf64()
    {
        const int16_t iq[] = { 100, -200, 300, -400, 500, -600 };
        fvec want;
        for (int16_t v : iq)
            want.push_back((float)v / 32768.0f);
        const std::string p = tmp_path("rf64_hand");
        for (int past_eof = 0; past_eof < 2; past_eof++) {
            bytes b;
            put_id(b, "RF64");
            put32(b, 0xFFFFFFFFu);
            put_id(b, "WAVE");
            put_id(b, "ds64");
            put32(b, 28);
            put64(b, 0); /* riff size: ignored */
            put64(b, past_eof ? 1000000 : 8);
            put64(b, 2);
            put32(b, 0);
            fmt_chunk(b, 1, 2, 1000, 16);
            put_id(b, "data");
            put32(b, 0xFFFFFFFFu);
            for (int16_t v : iq)
                put16(b, (uint16_t)v);
            save(p, b);
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            CPPUNIT_ASSERT_EQUAL(1, r.info().is_rf64);
            CPPUNIT_ASSERT_EQUAL(past_eof, r.info().size_recovered);
            const size_t nf = past_eof ? 3 : 2;
            CPPUNIT_ASSERT_EQUAL((uint64_t)nf, r.info().frames);
            expect_equal(fvec(want.begin(), want.begin() + 2 * nf), r.all(), "rf64 hand");
        }
        unlink(p.c_str());
    }

    /* WAVE_FORMAT_EXTENSIBLE with a float sub-format GUID. */
    void testExtensible()
    {
        bytes b;
        put_id(b, "RIFF");
        put32(b, 0);
        put_id(b, "WAVE");
        put_id(b, "fmt ");
        put32(b, 40);
        put16(b, 0xFFFE);
        put16(b, 2);
        put32(b, 96000);
        put32(b, 96000 * 8);
        put16(b, 8);
        put16(b, 32);
        put16(b, 22); /* cbSize */
        put16(b, 32); /* valid bits */
        put32(b, 3);  /* channel mask */
        put16(b, 3);  /* sub-format: IEEE float */
        for (int i = 0; i < 14; i++)
            b.push_back(0);
        put_id(b, "data");
        put32(b, 8);
        const float v[2] = { 0.125f, -0.75f };
        for (float x : v) {
            uint32_t u;
            std::memcpy(&u, &x, 4);
            put32(b, u);
        }
        set32(b, 4, (uint32_t)(b.size() - 8));
        const std::string p = tmp_path("ext");
        save(p, b);
        Reader r(p);
        CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
        CPPUNIT_ASSERT(r.info().format == STFTC_WAV_FLOAT);
        CPPUNIT_ASSERT_EQUAL(96000u, r.info().sample_rate);
        expect_equal(fvec(v, v + 2), r.all(), "extensible");
        unlink(p.c_str());
    }

    void testCorrupt()
    {
        bytes d(8, 0);
        const bytes good = simple_wav(1, 2, 1000, 16, d);
        expect_refused(bytes(), "empty", "empty");
        expect_refused(bytes(good.begin(), good.begin() + 7), "too short", "trunc_hdr");
        expect_refused(
            bytes(good.begin(), good.begin() + 12), "no fmt chunk", "only_hdr");
        bytes b(good);
        std::memcpy(b.data(), "RIFX", 4);
        expect_refused(b, "header", "magic");

        b = good;
        set32(b, 16, 14); /* fmt size */
        expect_refused(b, "fmt: chunk too short", "fmt_short");
        b = good;
        b[22] = 0; /* channels */
        expect_refused(b, "channel count 0", "zero_ch");
        b = good;
        b[22] = 3;
        expect_refused(b, "channel count 3", "three_ch");
        b = simple_wav(1, 2, 1000, 12, d);
        expect_refused(b, "fmt: unsupported bits per sample 12", "bits12");
        b = simple_wav(3, 2, 1000, 16, d);
        expect_refused(b, "bits per sample 16", "float16");
        b = simple_wav(2, 2, 1000, 16, d);
        expect_refused(b, "format tag 2", "adpcm");
        b = simple_wav(1, 2, 0, 16, d);
        expect_refused(b, "sample rate", "rate0");
        b = good;
        set32(b, 16, 0xFFFFFFF0u); /* huge fmt size */
        expect_refused(b, "past end of file", "huge_fmt");

        /* huge unknown chunk before data: no data chunk */
        b.clear();
        put_id(b, "RIFF");
        put32(b, 0xFFFFFFFFu);
        put_id(b, "WAVE");
        fmt_chunk(b, 1, 2, 1000, 16);
        put_id(b, "junk");
        put32(b, 0x7FFFFFFFu);
        b.insert(b.end(), 64, 0);
        expect_refused(b, "no data chunk", "huge_junk");
        /* no data chunk at all */
        b.resize(12 + 24);
        expect_refused(b, "no data chunk", "no_data");
        /* data before fmt */
        b.clear();
        put_id(b, "RIFF");
        put32(b, 100);
        put_id(b, "WAVE");
        put_id(b, "data");
        put32(b, 4);
        put32(b, 0);
        expect_refused(b, "before fmt", "data_first");
        /* RF64 without ds64 */
        b = good;
        std::memcpy(b.data(), "RF64", 4);
        expect_refused(b, "ds64", "rf64_no_ds64");

        stftc_error_t e;
        e.code = 0;
        CPPUNIT_ASSERT(!stftc_iqwav_open("/nonexistent/dir/x.wav", nullptr, &e));
        CPPUNIT_ASSERT(e.code == STFTC_ERR_IO);
        CPPUNIT_ASSERT(std::string(e.msg).find("cannot open") != std::string::npos);
        CPPUNIT_ASSERT(!stftc_iqwav_open("/tmp", nullptr, &e));
        CPPUNIT_ASSERT(!stftc_iqwav_open(nullptr, nullptr, nullptr));
    }

    /* Truncations and random byte flips: never crash, whatever is opened
     * reads no more than the file can hold. */
    void testFuzzNoCrash()
    {
        bytes d;
        for (int i = 0; i < 64; i++)
            put16(d, (uint16_t)(i * 77));
        bytes good = simple_wav(1, 2, 1000, 16, d);
        const std::string p = tmp_path("fuzz");
        fvec buf(2 * 1000);
        for (size_t len = 0; len <= good.size(); len++) {
            save(p, bytes(good.begin(), good.begin() + len));
            Reader r(p);
            if (r.r)
                CPPUNIT_ASSERT(stftc_iqwav_read(r.r, buf.data(), 1000) <= 64);
            else
                CPPUNIT_ASSERT(r.e.msg[0] != '\0');
        }
        std::mt19937 g(1234);
        for (int it = 0; it < 300; it++) {
            bytes b(good);
            const int flips = 1 + (int)(g() % 4);
            for (int k = 0; k < flips; k++)
                b[g() % 48] = (unsigned char)g();
            save(p, b);
            Reader r(p);
            if (r.r)
                CPPUNIT_ASSERT(stftc_iqwav_read(r.r, buf.data(), 1000) <=
                               good.size() / r.info().channels);
            else
                CPPUNIT_ASSERT(r.e.msg[0] != '\0');
        }
        unlink(p.c_str());
    }

    void testRf64Switch()
    {
        const std::string p = tmp_path("rf64");
        stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
        o.format = STFTC_WAV_PCM;
        o.channels = 2;
        o.sample_rate = 1000;
        o.rf64_threshold = 400; /* bytes: 100 frames */
        o.write_auxi = 1;
        o.centre_freq_hz = 100000000;
        stftc_error_t e;
        stftc_iqwav_writer_t* w = stftc_iqwav_create(p.c_str(), &o, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, w);
        fvec x = test_signal(2 * 300, 99);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_write(w, x.data(), 100));
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_is_rf64(w));
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_write(w, x.data() + 200, 200));
        CPPUNIT_ASSERT_EQUAL(1, stftc_iqwav_writer_is_rf64(w));
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_close(w, &e));

        /* independent check of the header bytes */
        FILE* f = fopen(p.c_str(), "rb");
        unsigned char h[48];
        CPPUNIT_ASSERT_EQUAL((size_t)48, fread(h, 1, 48, f));
        fclose(f);
        CPPUNIT_ASSERT(!std::memcmp(h,
                                    "RF64\xff\xff\xff\xff"
                                    "WAVEds64",
                                    16));
        uint64_t data64 = 0, frames64 = 0;
        for (int i = 7; i >= 0; i--) {
            data64 = data64 << 8 | h[28 + i];
            frames64 = frames64 << 8 | h[36 + i];
        }
        CPPUNIT_ASSERT_EQUAL((uint64_t)1200, data64);
        CPPUNIT_ASSERT_EQUAL((uint64_t)300, frames64);

        Reader r(p);
        CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
        CPPUNIT_ASSERT_EQUAL(1, r.info().is_rf64);
        CPPUNIT_ASSERT_EQUAL(0, r.info().size_recovered);
        CPPUNIT_ASSERT_EQUAL((uint64_t)300, r.info().frames);
        CPPUNIT_ASSERT_EQUAL(100000000u, r.info().centre_freq_hz);
        fvec want(x);
        for (auto& v : want)
            v = pcm16_expect(v);
        expect_equal(want, r.all(), "rf64");
        unlink(p.c_str());
    }

    /* A writer that is never closed leaves a file with the sizes of its last
     * patch (every patch_interval frames), readable as it stands. */
    void testKilledWriter()
    {
        const std::string p = tmp_path("killed");
        stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
        o.sample_rate = 1000;
        o.patch_interval = 64;
        o.write_auxi = 1;
        o.centre_freq_hz = 433920000;
        o.start_time = { 2024, 2, 4, 29, 23, 59, 59, 900 }; /* leap day */
        stftc_error_t e;
        stftc_iqwav_writer_t* w = stftc_iqwav_create(p.c_str(), &o, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, w);
        fvec x = test_signal(2 * 200, 5);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_write(w, x.data(), 200));
        {
            Reader r(p);
            CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
            CPPUNIT_ASSERT_EQUAL((uint64_t)192, r.info().frames);
            fvec got = r.all();
            expect_equal(fvec(x.begin(), x.begin() + 2 * 192), got, "killed");
            /* the stop time of the last patch: 192 frames after the start */
            CPPUNIT_ASSERT(r.info().stop_time_present);
            const stftc_systemtime_t stop = expect_stop(o.start_time, 192, 1000);
            CPPUNIT_ASSERT_EQUAL((uint16_t)3, stop.month);
            CPPUNIT_ASSERT_EQUAL((uint16_t)92, stop.millisecond);
            expect_time(stop, r.info().stop_time, "killed stop");
        }
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_close(w, &e));
        Reader r(p);
        CPPUNIT_ASSERT_EQUAL((uint64_t)200, r.info().frames);
        expect_time(expect_stop(o.start_time, 200, 1000), r.info().stop_time, "closed");
        CPPUNIT_ASSERT_EQUAL(433920000u, r.info().centre_freq_hz);
        unlink(p.c_str());
    }

    /* The sizes follow the first samples at once, not one patch interval
     * later: a recorder killed before its first interval leaves a file whose
     * RIFF and data sizes (read here byte by byte, as any other tool would)
     * cover what was written. */
    void testFirstSamplesPatched()
    {
        const std::string p = tmp_path("first");
        stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
        o.sample_rate = 1000;
        o.patch_interval = 100000;
        stftc_error_t e;
        stftc_iqwav_writer_t* w = stftc_iqwav_create(p.c_str(), &o, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, w);
        fvec x = test_signal(2 * 10, 3);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_write(w, x.data(), 10));
        FILE* f = std::fopen(p.c_str(), "rb");
        CPPUNIT_ASSERT(f);
        std::vector<unsigned char> b(4096);
        const size_t len = std::fread(b.data(), 1, b.size(), f);
        std::fclose(f);
        auto u32 = [&b](size_t at) {
            return (uint32_t)b[at] | (uint32_t)b[at + 1] << 8 |
                   (uint32_t)b[at + 2] << 16 | (uint32_t)b[at + 3] << 24;
        };
        CPPUNIT_ASSERT_EQUAL((uint32_t)(len - 8), u32(4));
        size_t pos = 12;
        while (pos + 8 <= len && std::memcmp(&b[pos], "data", 4) != 0)
            pos += 8 + u32(pos + 4) + (u32(pos + 4) & 1);
        CPPUNIT_ASSERT(pos + 8 <= len);
        CPPUNIT_ASSERT_EQUAL((uint32_t)(10 * 8), u32(pos + 4));
        CPPUNIT_ASSERT_EQUAL(len, pos + 8 + 10 * 8);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_close(w, &e));
        unlink(p.c_str());
    }

    void testWriterArgs()
    {
        const std::string p = tmp_path("args");
        stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
        stftc_error_t e;
        CPPUNIT_ASSERT(!stftc_iqwav_create(p.c_str(), &o, &e));
        CPPUNIT_ASSERT(std::string(e.msg).find("sample_rate") != std::string::npos);
        o.sample_rate = 1000;
        o.channels = 3;
        CPPUNIT_ASSERT(!stftc_iqwav_create(p.c_str(), &o, &e));
        CPPUNIT_ASSERT(std::string(e.msg).find("channels") != std::string::npos);
        o.channels = 2;
        o.format = (stftc_wav_format_t)7;
        CPPUNIT_ASSERT(!stftc_iqwav_create(p.c_str(), &o, &e));
        CPPUNIT_ASSERT(std::string(e.msg).find("format") != std::string::npos);
        o.format = STFTC_WAV_FLOAT;
        CPPUNIT_ASSERT(!stftc_iqwav_create("/nonexistent/dir/x.wav", &o, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, e.code);
        /* an empty file is still a valid WAV with 0 frames */
        stftc_iqwav_writer_t* w = stftc_iqwav_create(p.c_str(), &o, &e);
        CPPUNIT_ASSERT(w);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqwav_writer_close(w, &e));
        Reader r(p);
        CPPUNIT_ASSERT_MESSAGE(r.e.msg, r.r);
        unlink(p.c_str());
    }
};

} // namespace

CPPUNIT_TEST_SUITE_REGISTRATION(IqwavTest);
