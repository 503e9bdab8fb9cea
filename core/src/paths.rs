//! Path arithmetic as upstream does it: Go's `filepath.Clean`, and the directory a path names.

use std::borrow::Cow;

pub fn is_inside(inner: &str, outer: &str) -> bool {
    outer == "/" || inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
}

/// The directory a path names: `.` segments and trailing slashes dropped, `..` resolved, as
/// the kernel resolves it (ignoring symlinks).
pub fn normalize(path: &str) -> String {
    if is_clean(path) {
        return path.to_owned();
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Go's `filepath.Clean` (CRI-O cleans an image volume's sub path with it; the MCO compares
/// store paths of different kinds with it): `.` elements and repeated slashes go, `..` removes the element before it (and is
/// dropped after a leading `/`, kept at the start of a relative path), an empty result is `.`.
pub fn go_clean(path: &str) -> Cow<'_, str> {
    if is_clean(path) {
        return Cow::Borrowed(path);
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    Cow::Owned(match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    })
}

/// An absolute path that `filepath.Clean` leaves as it is: no empty, `.` or `..` element, no
/// trailing slash (the common case, so cleaning it allocates nothing).
fn is_clean(path: &str) -> bool {
    path == "/" || (path.starts_with('/') && path[1..].split('/').all(|e| !matches!(e, "" | "." | "..")))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn paths_normalize_like_the_kernel() {
        assert_eq!(normalize("/mnt/a/"), "/mnt/a");
        assert_eq!(normalize("/mnt/./a/."), "/mnt/a");
        assert_eq!(normalize("/mnt/b/../a"), "/mnt/a");
        assert_eq!(normalize("/../.."), "/");
        assert!(is_inside("/mnt/a/b", "/mnt/a"));
        assert!(!is_inside("/mnt/ab", "/mnt/a"));
    }

    /// Go's path/filepath tests (`cleantests` in path_test.go): a few of each kind.
    #[test]
    fn go_clean_matches_filepath_clean() {
        for (input, want) in [
            ("", "."),
            ("/mnt/shared/", "/mnt/shared"),
            ("abc/../..", ".."),
            ("../../abc", "../../abc"),
            ("/../abc", "/abc"),
            ("abc//def/./ghi", "abc/def/ghi"),
            ("/", "/"),
        ] {
            assert_eq!(go_clean(input), want, "{input:?}");
        }
    }
}
