// Bad WIT: the error quotes wit-parser, with the line.
hoist::bindgen!({
    inline: "
        package a:b;
        world w {
            import f: func() -> nope;
        }
    ",
});

fn main() {}
