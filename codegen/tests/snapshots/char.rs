/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_chars: self::exports::foo::foo::chars::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::chars::Host,
    {
        self::foo::foo::chars::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_chars = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/chars",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/chars` in world the-world"
                    )
                })?;
            self::exports::foo::foo::chars::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_chars,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/chars`.
    pub fn foo_foo_chars(&self) -> &self::exports::foo::foo::chars::Guest {
        &self.foo_foo_chars
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod chars {
            //! Bindings generated from WIT, for `foo/foo/chars`.
            /// The host's implementation of the imported interface `foo:foo/chars`.
            pub trait Host {
                /// A function that accepts a character
                fn take_char(&mut self, x: char) -> ::hoist::anyhow::Result<()>;
                /// A function that returns a character
                fn return_char(&mut self) -> ::hoist::anyhow::Result<char>;
            }
            /// Registers the functions of `foo:foo/chars` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/chars")?;
                inst.func_wrap(
                    "take-char",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (char,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::take_char(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "return-char",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(char,)> {
                        let host = get(caller.data_mut());
                        let r = Host::return_char(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod chars {
                //! Bindings generated from WIT, for `exports/foo/foo/chars`.
                /// Typed access to the functions of the exported interface `foo:foo/chars`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    take_char_index: ::hoist::component::ComponentExportIndex,
                    return_char_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/chars` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let take_char_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "take-char",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `take-char` in exported interface `foo:foo/chars`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (char,),
                                (),
                            >(store.as_context_mut(), &take_char_index)?;
                        let return_char_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "return-char",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `return-char` in exported interface `foo:foo/chars`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (char,),
                            >(store.as_context_mut(), &return_char_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            take_char_index,
                            return_char_index,
                        })
                    }
                    /// A function that accepts a character
                    pub fn call_take_char(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: char,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (char,),
                                (),
                            >(store.as_context_mut(), &self.take_char_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// A function that returns a character
                    pub fn call_return_char(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<char> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (char,),
                            >(store.as_context_mut(), &self.return_char_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
