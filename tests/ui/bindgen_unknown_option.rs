// A misspelled option: the error lists the options there are.
hoist::bindgen!({
    inline: "package a:b; world w {}",
    tracng: true,
});

fn main() {}
