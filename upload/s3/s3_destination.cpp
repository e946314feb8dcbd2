#include "upload/s3/s3_destination.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "upload/transport/crypto.h"
#include "upload/transport/file_digest.h"
#include "upload/content_disposition.h"
#include "upload/object_key.h"
#include "upload/transport/url.h"

namespace fs = std::filesystem;

namespace clipnote::upload {
namespace {

std::string unquote(std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
}

std::string format_duration(std::chrono::seconds s) {
    const long long n = s.count();
    if (n % 86400 == 0) return std::to_string(n / 86400) + "d";
    if (n % 3600 == 0) return std::to_string(n / 3600) + "h";
    if (n % 60 == 0) return std::to_string(n / 60) + "m";
    return std::to_string(n) + "s";
}

}  // namespace

S3Destination::S3Destination(std::string name, S3Settings settings, NetworkSettings network, S3Client client)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      network_(std::move(network)),
      client_(std::move(client)) {}

std::string S3Destination::describe() const {
    std::string link = settings_.link == S3LinkMode::presigned
                           ? "presigned links valid " + format_duration(settings_.expires)
                           : "links under " + settings_.public_base_url;
    return "s3 bucket \"" + settings_.bucket + "\" at " + settings_.endpoint + " (" + settings_.region + ", " +
           (settings_.path_style ? "path-style" : "virtual-hosted") + "), " + link;
}

std::string S3Destination::key_for(const std::string& name, const std::string& object_id) const {
    return object_key(settings_.prefix, object_id, name);
}

std::string S3Destination::link_for(const std::string& key) const {
    if (settings_.link == S3LinkMode::public_url) return settings_.public_base_url + percent_encode(key, true);
    return client_.presigned_get_url(key, settings_.expires);
}

UploadResult S3Destination::upload(const UploadRequest& request, Progress& progress) {
    const std::string name = request.remote_name.empty() ? request.file.filename().string() : request.remote_name;
    const std::string key = key_for(name, object_id_or_new(request.object_id));
    ObjectHeaders headers;
    headers.content_type = !request.content_type.empty()     ? request.content_type
                           : !settings_.content_type.empty() ? settings_.content_type
                                                             : guess_content_type(name);
    headers.content_disposition = content_disposition(key.substr(key.rfind('/') + 1));
    std::error_code ec;
    const std::uint64_t size = fs::file_size(request.file, ec);
    if (ec) throw Error("destination \"" + name_ + "\": cannot read " + request.file.string() + ": " + ec.message());

    UploadResult result;
    if (size >= settings_.multipart_threshold || !request.resume_upload_id.empty()) {
        result = upload_multipart(request, key, headers, size, progress);
    } else {
        HttpClient http(TransferSettings::from(network_), &progress.cancel_token());
        ByteCounter counter(progress, size, 1);
        result.etag = client_.put_object(
            http, key, request.file, size, headers, [&](std::uint64_t sent) { counter.set(0, sent); }, &progress);
        counter.commit(0, size);
    }
    // Only a confirmed, complete object counts: the stored size must be the file's.
    HttpClient http(TransferSettings::from(network_), &progress.cancel_token());
    const std::uint64_t stored = client_.head_object_size(http, key);
    if (stored != size)
        throw Error("destination \"" + name_ + "\": " + key + ": the server holds " + std::to_string(stored) +
                    " bytes, expected " + std::to_string(size));
    result.remote_path = key;
    result.bytes = size;
    result.url = link_for(key);
    return result;
}

UploadResult S3Destination::upload_multipart(const UploadRequest& request, const std::string& key,
                                             const ObjectHeaders& headers, std::uint64_t size, Progress& progress) {
    const std::uint64_t part_size = std::max(settings_.part_size, (size + 9999) / 10000);  // S3: ≤ 10000 parts
    const int part_count = static_cast<int>(std::max<std::uint64_t>(1, (size + part_size - 1) / part_size));
    HttpClient control(TransferSettings::from(network_), &progress.cancel_token());
    ByteCounter counter(progress, size, static_cast<std::size_t>(settings_.parallel));

    std::string upload_id = request.resume_upload_id;
    std::vector<S3Part> parts(static_cast<std::size_t>(part_count));
    if (!upload_id.empty()) {
        // Trust the server's list, but only parts whose size and MD5 match this file's bytes.
        for (const S3Part& p : client_.list_parts(control, key, upload_id)) {
            if (p.number < 1 || p.number > part_count) continue;
            const std::uint64_t offset = static_cast<std::uint64_t>(p.number - 1) * part_size;
            const std::uint64_t length = std::min(part_size, size - offset);
            if (p.size != length) continue;
            if (unquote(p.etag) != to_hex(digest_file_range(request.file, offset, length).md5)) continue;
            parts[static_cast<std::size_t>(p.number - 1)] = p;
            counter.add_done(length);
        }
    } else {
        upload_id = client_.create_multipart_upload(control, key, headers);
    }
    if (request.on_upload_id) request.on_upload_id(upload_id);
    std::atomic<int> parts_done{
        static_cast<int>(std::count_if(parts.begin(), parts.end(), [](const S3Part& p) { return !p.etag.empty(); }))};
    if (request.on_parts) request.on_parts(parts_done, part_count);

    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto worker = [&](std::size_t slot) {
        try {
            HttpClient http(TransferSettings::from(network_), &progress.cancel_token());
            for (int i = next++; i < part_count && !failed; i = next++) {
                S3Part& part = parts[static_cast<std::size_t>(i)];
                if (!part.etag.empty()) continue;  // already on the server
                const std::uint64_t offset = static_cast<std::uint64_t>(i) * part_size;
                const std::uint64_t length = std::min(part_size, size - offset);
                part.etag = client_.upload_part(
                    http, key, upload_id, i + 1, request.file, offset, length,
                    [&](std::uint64_t sent) { counter.set(slot, sent); }, &progress);
                part.number = i + 1;
                part.size = length;
                counter.commit(slot, length);
                const int now_done = ++parts_done;
                if (request.on_parts) request.on_parts(now_done, part_count);
            }
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
            failed = true;
        }
    };
    const int threads = std::min(settings_.parallel, part_count);
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker, static_cast<std::size_t>(t));
    worker(0);
    for (auto& t : pool) t.join();

    if (first_error) {
        // Without a place to remember the id, the parts could never be resumed: free them.
        if (!request.on_upload_id) {
            try {
                // Its own client: a cancelled upload must still be able to clean up.
                TransferSettings quick = TransferSettings::from(network_);
                quick.retry.max_retries = 1;
                HttpClient cleanup(quick);
                client_.abort_multipart_upload(cleanup, key, upload_id);
            } catch (const std::exception&) {
                // the original error is the one to report
            }
        }
        std::rethrow_exception(first_error);
    }
    UploadResult result;
    result.upload_id = upload_id;
    result.etag = client_.complete_multipart_upload(control, key, upload_id, parts);
    return result;
}

void S3Destination::abandon(const std::string& remote_name, const std::string& object_id,
                            const std::string& upload_id) {
    TransferSettings quick = TransferSettings::from(network_);
    quick.retry.max_retries = 1;
    HttpClient http(quick);
    // Items queued before keys had an id started their upload at prefix + name.
    const std::string key = object_id.empty()
                                ? sanitize_object_key(settings_.prefix, true, true) + sanitize_object_key(remote_name)
                                : key_for(remote_name, object_id);
    client_.abort_multipart_upload(http, key, upload_id);
}

void S3Destination::remove(const std::string& remote_path, Progress& progress) {
    HttpClient http(TransferSettings::from(network_), &progress.cancel_token());
    client_.delete_object(http, remote_path);
}

}  // namespace clipnote::upload
