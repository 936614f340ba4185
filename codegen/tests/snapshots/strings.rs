/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_strings: self::exports::foo::foo::strings::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::strings::Host,
    {
        self::foo::foo::strings::add_to_linker(linker, get)?;
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
        let foo_foo_strings = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/strings",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/strings` in world the-world"
                    )
                })?;
            self::exports::foo::foo::strings::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_strings,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/strings`.
    pub fn foo_foo_strings(&self) -> &self::exports::foo::foo::strings::Guest {
        &self.foo_foo_strings
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod strings {
            //! Bindings generated from WIT, for `foo/foo/strings`.
            /// The host's implementation of the imported interface `foo:foo/strings`.
            pub trait Host {
                /// The WIT function `a`.
                fn a(&mut self, x: ::std::string::String) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `b`.
                fn b(&mut self) -> ::hoist::anyhow::Result<::std::string::String>;
                /// The WIT function `c`.
                fn c(
                    &mut self,
                    a: ::std::string::String,
                    b: ::std::string::String,
                ) -> ::hoist::anyhow::Result<::std::string::String>;
            }
            /// Registers the functions of `foo:foo/strings` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/strings")?;
                inst.func_wrap(
                    "a",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::string::String,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "b",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::string::String,)> {
                        let host = get(caller.data_mut());
                        let r = Host::b(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "c",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0, arg1): (::std::string::String, ::std::string::String),
                    | -> ::hoist::anyhow::Result<(::std::string::String,)> {
                        let host = get(caller.data_mut());
                        let r = Host::c(host, arg0, arg1)?;
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
            pub mod strings {
                //! Bindings generated from WIT, for `exports/foo/foo/strings`.
                /// Typed access to the functions of the exported interface `foo:foo/strings`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    a_index: ::hoist::component::ComponentExportIndex,
                    b_index: ::hoist::component::ComponentExportIndex,
                    c_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/strings` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let a_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a` in exported interface `foo:foo/strings`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::string::String,),
                                (),
                            >(store.as_context_mut(), &a_index)?;
                        let b_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "b",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `b` in exported interface `foo:foo/strings`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::string::String,),
                            >(store.as_context_mut(), &b_index)?;
                        let c_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "c",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `c` in exported interface `foo:foo/strings`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::string::String, ::std::string::String),
                                (::std::string::String,),
                            >(store.as_context_mut(), &c_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            a_index,
                            b_index,
                            c_index,
                        })
                    }
                    /// The WIT function `a`.
                    pub fn call_a(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::std::string::String,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::string::String,),
                                (),
                            >(store.as_context_mut(), &self.a_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `b`.
                    pub fn call_b(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::string::String> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::string::String,),
                            >(store.as_context_mut(), &self.b_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `c`.
                    pub fn call_c(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: ::std::string::String,
                        b: ::std::string::String,
                    ) -> ::hoist::anyhow::Result<::std::string::String> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::string::String, ::std::string::String),
                                (::std::string::String,),
                            >(store.as_context_mut(), &self.c_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (a, b))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
